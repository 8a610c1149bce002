"use server";

import { defineAction } from "@/lib/actions/define-action";
import { getEnv } from "@/lib/config/env";
import { enqueueTestDelivery } from "@/lib/db/writers/webhooks";
import { oneWebhook } from "./schemas";

/**
 * Send a `webhook.test` event to one webhook (admins): enqueued like any delivery, so the log
 * below shows how it went. Audited as `webhook.test_sent`.
 */
export const sendTestWebhookAction = defineAction(
  "settings/send-test-webhook",
  oneWebhook,
  async (input, { actor }) => {
    const env = getEnv();
    const enqueued = await enqueueTestDelivery({
      webhookId: input.webhookId,
      installation: env.INSTALLATION_NAME,
      dashboardUrl: env.AUTH_URL,
      actor,
      now: new Date(),
    });
    return { enqueued };
  },
);
