import { ActionButton } from "@/components/ui/action-button";
import { Badge } from "@/components/ui/badge";
import type { Column } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { deleteWebhookAction } from "@/lib/actions/settings/delete-webhook-action";
import { sendTestWebhookAction } from "@/lib/actions/settings/send-test-webhook-action";
import { setWebhookEnabledAction } from "@/lib/actions/settings/set-webhook-enabled-action";
import type { WebhookItem } from "./webhooks-section";

/** The webhooks table's columns: name and URL, body, events, on/off, who added it, its buttons. */
export function webhookColumns(now: Date): Column<WebhookItem>[] {
  return [
    {
      header: "Webhook",
      cell: (hook) => (
        <>
          <div className="font-medium">{hook.name}</div>
          <div className="text-xs break-all text-slate-500">{hook.url}</div>
        </>
      ),
    },
    {
      header: "Body",
      cell: (hook) => (hook.format === "slack" ? "Slack" : "generic"),
      className: "text-slate-600",
    },
    {
      header: "Events",
      cell: (hook) => <span className="text-xs">{hook.events.join(", ")}</span>,
    },
    {
      header: "State",
      cell: (hook) => <Badge tone={hook.enabled ? "ok" : "neutral"}>{hook.enabled ? "on" : "off"}</Badge>,
    },
    {
      header: "Added",
      className: "text-slate-600",
      cell: (hook) => (
        <>
          <Time at={hook.createdAt} now={now} />
          <div className="text-xs">{hook.createdBy}</div>
        </>
      ),
    },
    {
      header: "",
      cell: (hook) => (
        <span className="inline-flex flex-wrap gap-1">
          {hook.enabled ? (
            <ActionButton label="Send test" action={sendTestWebhookAction} input={{ webhookId: hook.id }} />
          ) : null}
          <ActionButton
            label={hook.enabled ? "Turn off" : "Turn on"}
            action={setWebhookEnabledAction}
            input={{ webhookId: hook.id, enabled: !hook.enabled }}
          />
          <ActionButton
            label="Delete"
            tone="small"
            action={deleteWebhookAction}
            input={{ webhookId: hook.id }}
            confirm={`Delete the webhook ${hook.name} and its delivery log?`}
          />
        </span>
      ),
    },
  ];
}
