import { Badge, type Tone } from "@/components/ui/badge";
import type { Column } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import type { WebhookDeliveryStatus } from "@/lib/db/schema";
import type { DeliveryItem } from "./webhooks-section";

const statusTone: Record<WebhookDeliveryStatus, Tone> = { pending: "info", delivered: "ok", failed: "error" };

/** The delivery log's columns: when, where, what, status, attempts, the last answer, the outcome. */
export function deliveryColumns(now: Date, maxAttempts: number): Column<DeliveryItem>[] {
  return [
    { header: "Enqueued", cell: (d) => <Time at={d.createdAt} now={now} /> },
    { header: "Webhook", cell: (d) => d.webhookName },
    { header: "Event", cell: (d) => <code className="text-xs">{d.eventType}</code> },
    { header: "Status", cell: (d) => <Badge tone={statusTone[d.status]}>{d.status}</Badge> },
    { header: "Attempts", cell: (d) => `${d.attempts} of ${maxAttempts}` },
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
}
