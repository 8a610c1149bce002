import { z } from "zod";
import { webhookId } from "@/lib/notify/webhook-input";

export { newWebhookInput } from "@/lib/notify/webhook-input";

/** The input of the actions on one webhook. */
export const oneWebhook = z.object({ webhookId }).strict();
