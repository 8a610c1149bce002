import { deriveEventSummary, type NotifyEvent } from "./events";

/** The body formats a webhook can take: our own JSON, or Slack's incoming-webhook shape. */
export const webhookFormats = ["generic", "slack"] as const;
export type WebhookFormat = (typeof webhookFormats)[number];

/** Who sent it, put in every body so that one receiver can serve several installations. */
export interface BodyContext {
  installation: string;
  /** The delivery's id: receivers dedupe on it (a retry carries the same id). */
  deliveryId: string;
  /** The dashboard's public URL, when configured: a link in the message. */
  dashboardUrl?: string;
}

const escapeSlack = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * The JSON body of one delivery of `event` (docs/api.md "Webhooks"):
 * - `generic`: `{ id, type, occurredAt, installation, summary, data }` with the event's fields in `data`;
 * - `slack`: `{ text, blocks }` (Slack's incoming webhooks; Mattermost and others read `text`),
 *   with `<`, `>` and `&` escaped as Slack asks, so a session id can never become a link or a mention.
 */
export function deriveWebhookBody(event: NotifyEvent, format: WebhookFormat, context: BodyContext): unknown {
  const summary = deriveEventSummary(event);
  if (format === "generic") {
    const { type, occurredAt, ...data } = event;
    return { id: context.deliveryId, type, occurredAt, installation: context.installation, summary, data };
  }
  const text = `[${context.installation}] ${summary}`;
  const link = context.dashboardUrl ? ` · <${context.dashboardUrl}|dashboard>` : "";
  const contextLine = `${escapeSlack(`${event.type} · ${event.occurredAt}`)}${link}`;
  return {
    text: escapeSlack(text),
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: escapeSlack(text) } },
      {
        type: "context",
        elements: [{ type: "mrkdwn", text: contextLine }],
      },
    ],
  };
}
