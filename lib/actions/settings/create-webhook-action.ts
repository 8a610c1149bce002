"use server";

import { defineAction } from "@/lib/actions/define-action";
import { createWebhook } from "@/lib/db/writers/webhooks";
import { generateWebhookSecret } from "@/lib/notify/signature";
import { newWebhookInput } from "./schemas";

/**
 * Add an outgoing webhook (admins). The signing secret — the admin's own, or one generated here —
 * is answered this once so it can be copied into the receiver; no page or action shows it again.
 * Audited as `webhook.created`, without the secret.
 */
export const createWebhookAction = defineAction(
  "settings/create-webhook",
  newWebhookInput,
  async (input, { actor }) => {
    const secret = input.secret ?? generateWebhookSecret();
    const webhook = await createWebhook({ ...input, secret, actor, now: new Date() });
    return { id: webhook.id, name: webhook.name, secret };
  },
);
