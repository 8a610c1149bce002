import Link from "next/link";
import type { Column } from "@/components/ui/table";
import type { listAudit } from "@/lib/db/readers/audit";
import { Time } from "@/components/ui/time";

type AuditEvent = Awaited<ReturnType<typeof listAudit>>[number];

/** The audit table: time, actor, action, session (a link), agent, details. */
export const auditColumns: Column<AuditEvent>[] = [
  {
    header: "Time",
    className: "whitespace-nowrap font-mono text-xs",
    cell: (e) => <Time at={e.occurredAt} format="absolute" />,
  },
  {
    header: "Actor",
    cell: (e) => (
      <>
        {e.actorType}:{e.actorId}
      </>
    ),
  },
  { header: "Action", className: "font-medium", cell: (e) => e.action },
  {
    header: "Session",
    className: "font-mono text-xs",
    cell: (e) =>
      e.sessionId ? (
        <Link href={`/sessions/${encodeURIComponent(e.sessionId)}`} className="hover:underline">
          {e.sessionId}
        </Link>
      ) : (
        "—"
      ),
  },
  { header: "Agent", cell: (e) => e.agentId ?? "—" },
  {
    header: "Details",
    className: "max-w-xl break-all text-xs text-slate-600",
    cell: (e) => JSON.stringify(e.details),
  },
];
