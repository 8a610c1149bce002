import type { AgentCommandRow, AuditEventRow } from "@/lib/db/schema";
import type { SessionRun } from "@/lib/db/queries/reconcile";
import { formatUtc } from "@/lib/format/time";
import type { SessionEvent } from "@/lib/k8s/model/session-events";

/** Where a timeline entry comes from; shown beside each entry. */
export type TimelineSource = "state" | "command" | "audit" | "event" | "run";

/** One line of the session's timeline. An audit event's detail is its fields; the others a sentence. */
export interface TimelineEntry {
  at: Date;
  key: string;
  source: TimelineSource;
  what: string;
  who: string;
  detail: string | Record<string, unknown>;
  /** A Kubernetes Warning event, or a failed command or run outcome. */
  warning?: boolean;
  /** Where the entry leads (a run: `/runs/<id>`). */
  href?: string;
}

const at = (d: Date | null) => (d ? formatUtc(d) : "—");

function commandEntry(c: AgentCommandRow): TimelineEntry {
  const dispatched = c.dispatchedAt ? `, dispatched ${at(c.dispatchedAt)} to epoch ${c.dispatchedEpoch}` : "";
  const finished = c.finishedAt ? `, finished ${at(c.finishedAt)}` : "";
  return {
    at: c.createdAt,
    key: `c${c.id}`,
    source: "command",
    what: `command ${c.id} ${c.type} (attempt ${c.attempt})`,
    who: `→ ${c.agentId}`,
    detail: `${c.status}${dispatched}${finished}${c.error ? `: ${c.error}` : ""}`,
    ...(c.status === "failed" || c.status === "expired" ? { warning: true } : {}),
  };
}

function runEntry(r: SessionRun): TimelineEntry {
  const outcomes = r.outcomes
    .map(
      (o) =>
        `${o.type ?? "action"} ${o.status ?? "?"}${o.detail ? `: ${o.detail}` : ""}${o.error ? ` (${o.error})` : ""}`,
    )
    .join("; ");
  return {
    at: r.startedAt,
    key: `r${r.id}`,
    source: "run",
    what: `reconcile run ${r.id} (${r.trigger})`,
    who: `run ${r.status}`,
    detail: outcomes || "planned an action on this session (no outcome recorded)",
    href: `/runs/${r.id}`,
    ...(r.outcomes.some((o) => o.status === "failed") ? { warning: true } : {}),
  };
}

function eventEntry(e: SessionEvent): TimelineEntry {
  return {
    at: e.at,
    key: `e${e.uid}`,
    source: "event",
    what: `${e.reason} ${e.object}`,
    who: e.source || "kubernetes",
    detail: `${e.message}${e.count > 1 ? ` (×${e.count})` : ""}`,
    ...(e.type === "Warning" ? { warning: true } : {}),
  };
}

/**
 * The session's history as one list, oldest first: state changes (`session.*` audit events), other
 * audit events, commands to its agent, the reconcile runs that acted on it and the Kubernetes Events
 * of its objects — each marked with its source. Pure.
 */
export function deriveSessionTimeline(input: {
  audit: readonly AuditEventRow[];
  commands: readonly AgentCommandRow[];
  runs: readonly SessionRun[];
  events: readonly SessionEvent[];
}): TimelineEntry[] {
  return [
    ...input.audit.map((e): TimelineEntry => ({
      at: e.occurredAt,
      key: `a${e.id}`,
      source: e.action.startsWith("session.") ? "state" : "audit",
      what: e.action,
      who: `${e.actorType}:${e.actorId}`,
      detail: e.details,
      ...(e.action.endsWith("_failed") ? { warning: true } : {}),
    })),
    ...input.commands.map(commandEntry),
    ...input.runs.map(runEntry),
    ...input.events.map(eventEntry),
  ].sort((a, b) => a.at.getTime() - b.at.getTime() || a.key.localeCompare(b.key));
}
