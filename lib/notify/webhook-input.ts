import { z } from "zod";
import { webhookFormats } from "./body";
import { notifyEventTypes } from "./events";

/**
 * A webhook's URL: http or https only (no file:, javascript:, data:), at most 2,000 characters, no
 * credentials in it (they would be shown on the page; the HMAC secret is the credential). Private
 * and loopback addresses are allowed — receivers often live next to the reconciler, and the tests
 * use 127.0.0.1 (docs/security.md says what that means: an admin can make the server POST there).
 */
export const webhookUrl = z
  .string()
  .trim()
  .min(1, "is required")
  .max(2000, "must be at most 2,000 characters")
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
    } catch {
      return false;
    }
  }, "must be an http:// or https:// URL")
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.username === "" && url.password === "";
    } catch {
      return true;
    }
  }, "must not carry a user name or password (the signature is the credential)");

/** A webhook's name, shown on the page and in the audit log: plain text, no markup. */
export const webhookName = z
  .string()
  .trim()
  .min(1, "is required")
  .max(100, "must be at most 100 characters")
  .regex(/^[^<>\u0000-\u001f\u007f]*$/, "must be plain text (no <, > or control characters)");

/** A secret the admin brings (else one is generated): 16–200 printable characters. */
export const webhookSecret = z
  .string()
  .min(16, "must be at least 16 characters")
  .max(200, "must be at most 200 characters")
  .regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces");

export const webhookId = z.string().uuid("is not a webhook id");

/** The create form's input, checked on the server (the caller is never trusted). */
export const newWebhookInput = z
  .object({
    name: webhookName,
    url: webhookUrl,
    format: z.enum(webhookFormats),
    events: z
      .array(z.enum(notifyEventTypes))
      .min(1, "choose at least one event")
      .max(notifyEventTypes.length)
      .transform((events) => [...new Set(events)]),
    secret: webhookSecret.optional(),
  })
  .strict();
export type NewWebhookInput = z.infer<typeof newWebhookInput>;
