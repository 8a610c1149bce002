import { Pager } from "@/components/ui/pager";
import { ActionButton } from "@/components/ui/action-button";
import { Badge, type Tone } from "@/components/ui/badge";
import { DataTable, TableCard, type Column } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { deleteWebhookAction } from "@/lib/actions/settings/delete-webhook-action";
import { sendTestWebhookAction } from "@/lib/actions/settings/send-test-webhook-action";
import { setWebhookEnabledAction } from "@/lib/actions/settings/set-webhook-enabled-action";
import { pageSizes } from "@/lib/dashboard/table-query";
import type { WebhookDeliveryStatus } from "@/lib/db/schema";
import { NewWebhookForm } from "./new-webhook-form";

/** A webhook as the section shows it (never its secret: the page has none to give). */
export interface WebhookItem {
  id: string;
  name: string;
  url: string;
  format: "generic" | "slack";
  events: string[];
  enabled: boolean;
  createdBy: string;
  createdAt: Date;
}

/** One row of the delivery log. */
export interface DeliveryItem {
  id: string;
  webhookName: string;
  eventType: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: Date;
  lastAttemptAt: Date | null;
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
}

const statusTone: Record<WebhookDeliveryStatus, Tone> = { pending: "info", delivered: "ok", failed: "error" };

/**
 * The notifications part of the settings (issue 12 item 7): the webhooks with their switches, the
 * form that adds one (its secret shown once), and the delivery log, paged. Server data comes in
 * as props; it slots into /settings as a section, and stands alone on /settings/notifications.
 */
export function WebhooksSection(props: {
  webhooks: WebhookItem[];
  deliveries: { rows: DeliveryItem[]; total: number; page: number; pageCount: number; size: number };
  now: Date;
  /** The address of the log's page `page` at `size` rows. */
  hrefFor: (page: number, size: number) => string;
  maxAttempts: number;
}) {
  const { now } = props;
  const hookColumns: Column<WebhookItem>[] = [
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
  const deliveryColumns: Column<DeliveryItem>[] = [
    { header: "Enqueued", cell: (d) => <Time at={d.createdAt} now={now} /> },
    { header: "Webhook", cell: (d) => d.webhookName },
    { header: "Event", cell: (d) => <code className="text-xs">{d.eventType}</code> },
    { header: "Status", cell: (d) => <Badge tone={statusTone[d.status]}>{d.status}</Badge> },
    { header: "Attempts", cell: (d) => `${d.attempts} of ${props.maxAttempts}` },
    {
      header: "Last answer",
      title: (d) => d.lastError ?? undefined,
      cell: (d) =>
        d.lastAttemptAt ? (
          <>
            <span>{d.lastStatusCode ?? "—"}</span>
            {d.lastError ? <span className="ml-1 text-xs text-red-700">{d.lastError}</span> : null}
            <div className="text-xs text-slate-500">
              <Time at={d.lastAttemptAt} now={now} />
            </div>
          </>
        ) : (
          <span className="text-slate-500">not tried yet</span>
        ),
    },
    {
      header: "Delivered / next attempt",
      cell: (d) =>
        d.deliveredAt ? (
          <Time at={d.deliveredAt} now={now} />
        ) : d.status === "pending" && d.nextAttemptAt ? (
          <span className="text-slate-600">
            next <Time at={d.nextAttemptAt} now={now} />
          </span>
        ) : (
          <span className="text-slate-500">—</span>
        ),
    },
  ];
  return (
    <section aria-labelledby="notifications-heading" className="space-y-4">
      <h2 id="notifications-heading" className="text-lg font-semibold tracking-tight">
        Notifications
      </h2>
      <p className="text-sm text-slate-600">
        Outgoing webhooks, signed with an HMAC header (<code>X-Session-Reconciler-Signature</code>; see
        docs/operations.md to verify it), retried with backoff up to {props.maxAttempts} attempts.
      </p>
      <TableCard label="Webhooks">
        <DataTable
          columns={hookColumns}
          rows={props.webhooks}
          rowKey={(hook) => hook.id}
          rowAttributes={(hook) => ({ "data-testid": "webhook-row", "data-name": hook.name })}
          empty={<>No webhooks yet: add one below.</>}
        />
      </TableCard>
      <NewWebhookForm />
      <h3 className="text-base font-semibold">Delivery log</h3>
      <TableCard
        label="Delivery log"
        footer={
          <Pager
            page={props.deliveries.page}
            pageCount={props.deliveries.pageCount}
            size={props.deliveries.size}
            sizes={pageSizes}
            total={props.deliveries.total}
            noun="deliveries"
            hrefFor={props.hrefFor}
          />
        }
      >
        <DataTable
          columns={deliveryColumns}
          rows={props.deliveries.rows}
          rowKey={(d) => d.id}
          rowAttributes={(d) => ({ "data-testid": "delivery-row", "data-status": d.status })}
          empty={<>Nothing sent yet.</>}
        />
      </TableCard>
    </section>
  );
}
