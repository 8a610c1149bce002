import { Pager } from "@/components/ui/pager";
import { DataTable, TableCard } from "@/components/ui/table";
import { pageSizes } from "@/lib/dashboard/table-query";
import type { WebhookDeliveryStatus } from "@/lib/db/schema";
import { deliveryColumns } from "./delivery-columns";
import { NewWebhookForm } from "./new-webhook-form";
import { webhookColumns } from "./webhook-columns";

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
          columns={webhookColumns(now)}
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
          columns={deliveryColumns(now, props.maxAttempts)}
          rows={props.deliveries.rows}
          rowKey={(d) => d.id}
          rowAttributes={(d) => ({ "data-testid": "delivery-row", "data-status": d.status })}
          empty={<>Nothing sent yet.</>}
        />
      </TableCard>
    </section>
  );
}
