import type { CsvValue } from "@/lib/format/csv";
import type { SessionRowView } from "./session-rows";

/**
 * What one exported line holds, for sessions and audit events: the CSV columns (a header and the
 * cells of a row) and the JSON record. Pure.
 */
export interface ExportColumns<T> {
  header: readonly string[];
  cells: (item: T) => CsvValue[];
  record: (item: T) => unknown;
}

/** A session row as the table shows it: ids, state, each kind's cell in words, and its drift. */
export const sessionExportColumns: ExportColumns<SessionRowView> = {
  header: [
    "kind",
    "id",
    "user",
    "namespace",
    "agent",
    "agent_connected",
    "state",
    "state_changed_at",
    "severity",
    "drift",
    "drift_sentences",
    "deployment",
    "service",
    "pods",
    "pod_count",
    "unknown_kinds",
    "cluster",
  ],
  cells: (row) => [
    row.kind,
    row.id,
    row.userId,
    row.namespace,
    row.agentId,
    row.agent ? row.agent.connected : null,
    row.state,
    row.stateChangedAt,
    row.severity,
    row.drift.map((d) => d.driftClass).join(" "),
    row.drift.map((d) => d.sentence).join(" | "),
    row.deployment.text,
    row.service.text,
    row.pods.text,
    row.pods.count,
    row.driftUnknown.join(" "),
    row.cluster ?? null,
  ],
  record: (row) => row,
};

/** An audit event as stored (`details` as JSON text in CSV). */
export interface AuditExportEvent {
  id: number;
  occurredAt: Date;
  actorType: string;
  actorId: string;
  action: string;
  sessionId: string | null;
  agentId: string | null;
  details: Record<string, unknown>;
}

export const auditExportColumns: ExportColumns<AuditExportEvent> = {
  header: ["id", "occurred_at", "actor_type", "actor_id", "action", "session_id", "agent_id", "details"],
  cells: (event) => [
    event.id,
    event.occurredAt.toISOString(),
    event.actorType,
    event.actorId,
    event.action,
    event.sessionId,
    event.agentId,
    JSON.stringify(event.details),
  ],
  record: (event) => ({ ...event, occurredAt: event.occurredAt.toISOString() }),
};

/** `sessions-20261204T024400Z.csv`: what and when, safe in a Content-Disposition header. */
export function deriveExportFilename(what: "sessions" | "audit", format: string, now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
  return `${what}-${stamp}.${format}`;
}
