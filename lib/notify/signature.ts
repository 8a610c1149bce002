import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** The header every delivery carries: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export const SIGNATURE_HEADER = "X-Session-Reconciler-Signature";

const hmac = (secret: string, timestamp: number, body: string) =>
  createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");

/**
 * The signature header's value for `body` (the exact bytes sent) at `timestamp` (unix seconds),
 * Stripe's scheme: the timestamp is signed with the body, so a captured delivery cannot be replayed
 * later once the receiver bounds its age.
 */
export function signWebhook(body: string, secret: string, timestamp: number): string {
  return `t=${timestamp},v1=${hmac(secret, timestamp, body)}`;
}

export type SignatureCheck = { ok: true; timestamp: number } | { ok: false; reason: string };

/**
 * What a receiver does (and docs/operations.md shows): parse the header, recompute the HMAC over
 * `<t>.<raw body>`, compare in constant time, and refuse a timestamp older (or newer) than
 * `toleranceSeconds` from `nowSeconds`.
 */
export function verifyWebhookSignature(input: {
  header: string | null | undefined;
  body: string;
  secret: string;
  nowSeconds: number;
  toleranceSeconds: number;
}): SignatureCheck {
  const parts = new Map<string, string[]>();
  for (const item of (input.header ?? "").split(",")) {
    const at = item.indexOf("=");
    if (at < 1) continue;
    const key = item.slice(0, at).trim();
    parts.set(key, [...(parts.get(key) ?? []), item.slice(at + 1).trim()]);
  }
  const timestamp = Number(parts.get("t")?.[0]);
  if (!Number.isInteger(timestamp)) return { ok: false, reason: "no timestamp" };
  if (Math.abs(input.nowSeconds - timestamp) > input.toleranceSeconds)
    return { ok: false, reason: "timestamp outside the tolerance" };
  const expected = Buffer.from(hmac(input.secret, timestamp, input.body), "hex");
  const matches = (parts.get("v1") ?? []).some((candidate) => {
    const given = Buffer.from(candidate, "hex");
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return matches ? { ok: true, timestamp } : { ok: false, reason: "signature mismatch" };
}

/** A new webhook secret: 32 random bytes, `whsec_` + base64url (the prefix says what it is in a leak scan). */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}
