"use server";

import { defineAction } from "@/lib/actions/define-action";
import { deleteWebhook } from "@/lib/db/writers/webhooks";
import { oneWebhook } from "./schemas";

/** Remove a webhook and its delivery log (admins). Audited as `webhook.deleted`. */
export const deleteWebhookAction = defineAction(
  "settings/delete-webhook",
  oneWebhook,
  async (input, { actor }) => {
    await deleteWebhook({ id: input.webhookId, actor, now: new Date() });
    return { id: input.webhookId };
  },
);
