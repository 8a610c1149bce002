"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { setWebhookEnabled } from "@/lib/db/writers/webhooks";
import { webhookId } from "@/lib/notify/webhook-input";

/**
 * Turn a webhook on or off (admins): the state asked for, not a toggle, so a repeated click changes
 * nothing. Audited as `webhook.enabled` / `webhook.disabled`.
 */
export const setWebhookEnabledAction = defineAction(
  "settings/set-webhook-enabled",
  z.object({ webhookId, enabled: z.boolean() }).strict(),
  async (input, { actor }) => {
    const webhook = await setWebhookEnabled({
      id: input.webhookId,
      enabled: input.enabled,
      actor,
      now: new Date(),
    });
    return { id: webhook.id, enabled: webhook.enabled };
  },
);
