import Link from "next/link";
import { DetailsList } from "@/components/ui/details-list";
import { sortableHeader, type SortState } from "@/components/ui/sort-header";
import type { Column } from "@/components/ui/table";
import type { AuditLine, RefusedGroup } from "@/lib/dashboard/audit-groups";
import type { AuditSortKey } from "@/lib/dashboard/list-queries";
import type { listAudit } from "@/lib/db/readers/audit";
import { Time } from "@/components/ui/time";

/** One audit event as the reader gives it. */
export type AuditEvent = Awaited<ReturnType<typeof listAudit>>[number];
type Line = AuditLine<AuditEvent>;

const sessionLink = (sessionId: string | null) =>
  sessionId ? (
    <Link href={`/sessions/${encodeURIComponent(sessionId)}`} className="hover:underline">
      {sessionId}
    </Link>
  ) : (
    "—"
  );

/** The one value every event of a group shares, or "various". */
const shared = (group: RefusedGroup<AuditEvent>, pick: (e: AuditEvent) => string | null) => {
  const values = new Set(group.events.map(pick));
  return values.size === 1 ? [...values][0] : "various";
};

/** A group of refused requests: the sentence, and each refusal behind it when expanded. */
function RefusedGroupDetails({ group }: { group: RefusedGroup<AuditEvent> }) {
  return (
    <details data-testid="refused-group-details">
      <summary className="cursor-pointer text-slate-700">
        {group.events.length} refused requests from {group.actor} between{" "}
        <Time at={group.firstAt} format="absolute" /> and <Time at={group.lastAt} format="absolute" />
      </summary>
      <ol className="mt-1 space-y-1 border-l border-slate-200 pl-2">
        {group.events.map((e) => (
          <li key={e.id} data-testid="refused-group-event">
            <Time at={e.occurredAt} format="absolute" className="font-mono text-[11px] text-slate-500" />
            <DetailsList details={e.details} />
          </li>
        ))}
      </ol>
    </details>
  );
}

/** The audit table: time, actor, action, session (a link), agent, details; headers sort. */
export function auditColumns(sort: SortState<AuditSortKey>): Column<Line>[] {
  return [
    {
      ...sortableHeader(sort, "time", "Time", "desc"),
      className: "whitespace-nowrap font-mono text-xs",
      cell: (line) =>
        line.kind === "event" ? (
          <Time at={line.event.occurredAt} format="absolute" />
        ) : (
          <>
            <Time at={line.lastAt} format="absolute" />
            <div className="text-slate-500">
              from <Time at={line.firstAt} format="absolute" />
            </div>
          </>
        ),
    },
    {
      ...sortableHeader(sort, "actor", "Actor"),
      cell: (line) => (line.kind === "event" ? `${line.event.actorType}:${line.event.actorId}` : line.actor),
    },
    {
      ...sortableHeader(sort, "action", "Action"),
      className: "font-medium",
      cell: (line) =>
        line.kind === "event" ? (
          line.event.action
        ) : (
          <>
            {line.action} <span className="rounded bg-slate-100 px-1 text-xs">×{line.events.length}</span>
          </>
        ),
    },
    {
      ...sortableHeader(sort, "session", "Session"),
      className: "font-mono text-xs",
      cell: (line) =>
        line.kind === "event" ? sessionLink(line.event.sessionId) : (shared(line, (e) => e.sessionId) ?? "—"),
    },
    {
      ...sortableHeader(sort, "agent", "Agent"),
      cell: (line) =>
        line.kind === "event" ? (line.event.agentId ?? "—") : (shared(line, (e) => e.agentId) ?? "—"),
    },
    {
      header: "Details",
      className: "max-w-xl text-xs text-slate-600",
      cell: (line) =>
        line.kind === "event" ? (
          <DetailsList details={line.event.details} />
        ) : (
          <RefusedGroupDetails group={line} />
        ),
    },
  ];
}
