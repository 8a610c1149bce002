import Link from "next/link";
import { SessionActions } from "@/components/sessions/session-actions";
import type { Column } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import type { QuarantineEntry } from "@/lib/dashboard/quarantine-view";
import { formatDuration } from "@/lib/format/duration";

/** The quarantine table: session, its objects, why and by whom, when, time left, and Restore. */
export function quarantineColumns(now: string): Column<QuarantineEntry>[] {
  return [
    {
      header: "Session",
      cell: (e) => (
        <>
          {e.kind === "session" ? (
            <Link href={`/sessions/${e.sessionId}`} className="font-mono text-xs font-medium hover:underline">
              {e.sessionId}
            </Link>
          ) : (
            <span className="font-mono text-xs font-medium">{e.sessionId}</span>
          )}
          <div className="text-xs text-slate-500">
            {e.kind === "orphan" ? "no session row" : e.state} · {e.namespace}
          </div>
        </>
      ),
    },
    {
      header: "Objects",
      className: "font-mono text-xs",
      cell: (e) =>
        e.objects.map((o) => (
          <div key={`${o.kind}/${o.name}`}>
            {o.kind} {o.name}
            {o.replicasBefore !== undefined ? ` (had ${o.replicasBefore})` : ""}
          </div>
        )),
    },
    {
      header: "Why",
      className: "text-xs max-w-md [overflow-wrap:anywhere]",
      cell: (e) => e.objects[0]?.reason,
    },
    { header: "By", className: "font-mono text-xs", cell: (e) => e.objects[0]?.quarantinedBy },
    {
      header: "Quarantined",
      className: "font-mono text-xs whitespace-nowrap",
      cell: (e) => e.objects[0] && <Time at={e.objects[0].quarantinedAt} now={now} />,
    },
    {
      header: "Time left",
      className: "text-xs whitespace-nowrap",
      cell: (e) => (
        <span data-testid="time-left" title={e.untilAt}>
          {e.secondsLeft > 0 ? formatDuration(e.secondsLeft) : "due: deleted at the next pass"}
        </span>
      ),
    },
    {
      header: "",
      cell: (e) => <SessionActions sessionId={e.sessionId} state={e.state} hasObjects quarantined />,
    },
  ];
}
