import Link from "next/link";
import { Badge, Dot, type Tone } from "@/components/ui/badge";
import { SessionActions } from "./session-actions";
import { driftClassLabels } from "@/lib/drift/types";
import type { ObjectCell, SessionRowView } from "@/lib/dashboard/session-rows";
import { Time } from "@/components/ui/time";
import { CopyButton } from "@/components/ui/copy-button";

/** Whether the row has any object in the cluster (what a one-click fix could delete). */
export const hasObjects = (row: SessionRowView) =>
  row.deployment.state === "present" || row.service.state === "present" || row.pods.count > 0;

const cellTone = (cell: ObjectCell): Tone =>
  cell.state === "unknown" ? "neutral" : cell.state === "absent" ? "neutral" : (cell.severity as Tone);

/** A deployment, service or pods cell: its health, a dash when absent, or "unknown". */
export function ObjectCellView({ cell }: { cell: ObjectCell }) {
  if (cell.state === "absent") return <span className="text-slate-500">—</span>;
  if (cell.state === "unknown")
    return (
      <span className="italic text-slate-500" title="this kind could not be read">
        unknown
      </span>
    );
  return (
    <span className="flex items-baseline gap-1.5 [&>*:first-child]:shrink-0">
      <Dot tone={cellTone(cell)} label={cell.severity} />
      <span className="min-w-0 [overflow-wrap:anywhere]">{cell.text}</span>
    </span>
  );
}

/** The session's id (a link when it has a row), user and namespace, and its fixes when it needs one. */
export function SessionCell({ row }: { row: SessionRowView }) {
  return (
    <>
      {row.kind === "session" ? (
        <Link
          href={`/sessions/${row.id}`}
          className="font-mono text-xs font-medium text-slate-900 [overflow-wrap:anywhere] hover:underline"
        >
          {row.id}
        </Link>
      ) : (
        <span className="font-mono text-xs font-medium [overflow-wrap:anywhere]">{row.id}</span>
      )}
      <CopyButton text={row.id} label={`session id ${row.id}`} />
      <div className="text-xs text-slate-500 [overflow-wrap:anywhere]">
        {row.kind === "orphan" ? "no session row" : row.userId} · {row.namespace}
      </div>
      {row.quarantinedUntil ? (
        <div className="mt-1 text-xs text-amber-800" data-testid="quarantined">
          in quarantine until <Time at={row.quarantinedUntil} format="absolute" />
        </div>
      ) : null}
      {row.drift.length > 0 || row.state === "terminating" || row.quarantinedUntil ? (
        <div className="mt-1">
          <SessionActions
            sessionId={row.id}
            state={row.state}
            hasObjects={hasObjects(row)}
            quarantined={!!row.quarantinedUntil}
          />
        </div>
      ) : null}
    </>
  );
}

/** The session's agent, connected or not, and since when it is gone. */
export function AgentCell({ row, now }: { row: SessionRowView; now: Date }) {
  return (
    <>
      {row.agentId ? (
        <span className="flex items-baseline gap-1.5 [&>*:first-child]:shrink-0">
          <Dot
            tone={row.agent ? (row.agent.connected ? "ok" : "error") : "neutral"}
            label={row.agent ? (row.agent.connected ? "connected" : "disconnected") : "unknown agent"}
          />
          <span className="min-w-0 [overflow-wrap:anywhere]">{row.agentId}</span>
        </span>
      ) : (
        <span className="text-slate-500">—</span>
      )}
      {row.agent && !row.agent.connected ? (
        <div className="text-xs text-red-700">
          {row.agent.since ? (
            <>
              disconnected <Time at={row.agent.since} now={now} format="elapsed" />
            </>
          ) : (
            "never connected"
          )}
        </div>
      ) : null}
    </>
  );
}

/** The session's state (or that it has no row) and for how long. */
export function StateCell({ row, now }: { row: SessionRowView; now: Date }) {
  return (
    <>
      {row.state ? (
        <Badge tone={row.state === "terminating" ? "warning" : row.state === "running" ? "ok" : "neutral"}>
          {row.state}
        </Badge>
      ) : (
        <Badge tone="error">no row</Badge>
      )}
      {row.stateChangedAt ? (
        <div className="text-xs text-slate-500">
          for <Time at={row.stateChangedAt} now={now} format="elapsed" />
        </div>
      ) : null}
    </>
  );
}

/** A sentence per drift finding, and the kinds whose drift is unknown. */
export function DriftCell({ row }: { row: SessionRowView }) {
  return (
    <ul className="space-y-1">
      {row.drift.map((d) => (
        <li key={d.driftClass} data-testid="drift-finding" data-drift-class={d.driftClass}>
          <Badge tone={d.severity}>{driftClassLabels[d.driftClass]}</Badge>{" "}
          <span className="text-xs text-slate-700">{d.sentence}</span>
        </li>
      ))}
      {row.driftUnknown.length > 0 ? (
        <li className="text-xs italic text-slate-500">
          drift unknown: {row.driftUnknown.join(", ")} not observed
        </li>
      ) : null}
    </ul>
  );
}
