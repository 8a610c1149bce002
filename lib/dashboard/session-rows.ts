import type { DriftAgent, ObservedHealth } from "@/lib/drift/classify";
import { deriveSessionFindings, type OrphanFindings, type SessionFindings } from "@/lib/drift/findings";
import { isQuiet, quietCacheFor, quietKeyOf, sameObjects } from "@/lib/drift/quiet";
import type { DriftClass, DriftFinding, DriftThresholds } from "@/lib/drift/types";
import type { Severity } from "@/lib/health";
import { AGENT_LABEL } from "@/lib/k8s/model/labels";
import { deriveQuarantinedUntil } from "@/lib/k8s/model/quarantine";
import type { ClusterSnapshot, ObservedKind, SessionObjects } from "@/lib/k8s/model/snapshot";
import type { SessionState } from "@/lib/sessions/state-machine";

/** A cell of the table: what exists of one kind, how healthy, in words. */
export interface ObjectCell {
  state: "present" | "absent" | "unknown";
  severity: Severity;
  text: string;
}

/** One row of the sessions table: a session, or the objects of a session id that has no row. */
export interface SessionRowView {
  kind: "session" | "orphan";
  id: string;
  userId: string | null;
  namespace: string | null;
  /** The cluster it lives in (set by the view across clusters, lib/dashboard/get-sessions-view.ts). */
  cluster?: string;
  agentId: string | null;
  agent: { connected: boolean; since: string | null; approvalStatus: string } | null;
  state: SessionState | null;
  stateChangedAt: string | null;
  deployment: ObjectCell;
  service: ObjectCell;
  pods: ObjectCell & { count: number };
  drift: { driftClass: DriftClass; severity: "warning" | "error"; sentence: string }[];
  driftUnknown: ObservedKind[];
  /** The worst of the drift findings: what makes a row stand out. */
  severity: "ok" | "warning" | "error";
  /** When the last of its objects in quarantine comes out (ISO); absent: none is in quarantine. */
  quarantinedUntil?: string;
}

export interface SessionInput {
  id: string;
  userId: string;
  namespace: string;
  agentId: string;
  state: SessionState;
  stateChangedAt: Date;
}

const rank: Record<Severity, number> = { ok: 0, info: 1, warning: 2, error: 3 };
const worst = (severities: Severity[]): Severity =>
  severities.reduce<Severity>((a, b) => (rank[b] > rank[a] ? b : a), "ok");

function cells(observed: ObservedHealth): Pick<SessionRowView, "deployment" | "service" | "pods"> {
  const cell = <T extends { severity: Severity; name: string; reason?: string }>(
    items: readonly T[] | undefined,
    describe: (item: T) => string,
  ): ObjectCell =>
    items === undefined
      ? { state: "unknown", severity: "info", text: "unknown" }
      : items.length === 0
        ? { state: "absent", severity: "ok", text: "—" }
        : {
            state: "present",
            severity: worst(items.map((i) => i.severity)),
            text: items.map(describe).join(", "),
          };
  const pods = observed.pods;
  const podCell: ObjectCell & { count: number } =
    pods === undefined
      ? { state: "unknown", severity: "info", text: "unknown", count: 0 }
      : pods.length === 0
        ? { state: "absent", severity: "ok", text: "—", count: 0 }
        : {
            state: "present",
            severity: worst(pods.map((p) => p.severity)),
            text: summarizePods(pods.map((p) => p.status)),
            count: pods.length,
          };
  return {
    deployment: cell(
      observed.deployments,
      (d) =>
        `${d.available}/${d.desired} available${d.reason && d.severity !== "ok" ? ` · ${d.reason}` : ""}`,
    ),
    service: cell(observed.services, (s) =>
      s.severity === "ok"
        ? `${s.readyEndpoints ?? "?"} ready endpoint${s.readyEndpoints === 1 ? "" : "s"}`
        : (s.reason ?? "unhealthy"),
    ),
    pods: podCell,
  };
}

function summarizePods(statuses: string[]): string {
  const counts = new Map<string, number>();
  for (const s of statuses) counts.set(s, (counts.get(s) ?? 0) + 1);
  return [...counts].map(([status, n]) => `${n} ${status}`).join(", ");
}

function rowSeverity(findings: DriftFinding[]): SessionRowView["severity"] {
  if (findings.some((f) => f.severity === "error")) return "error";
  return findings.length > 0 ? "warning" : "ok";
}

const toDrift = (findings: DriftFinding[]) =>
  findings.map(({ driftClass, severity, sentence }) => ({ driftClass, severity, sentence }));

/** A built row with what it was built from. */
export type RowCache = Map<string, { key: string; objects: SessionObjects; row: SessionRowView }>;

function sessionRow(session: SessionInput, found: SessionFindings<SessionInput>): SessionRowView {
  const { agent, observed, findings, unknownKinds } = found;
  return {
    kind: "session",
    id: session.id,
    userId: session.userId,
    namespace: session.namespace,
    agentId: session.agentId,
    agent: agent
      ? {
          connected: agent.connection.connected,
          since: agent.connection.since?.toISOString() ?? null,
          approvalStatus: agent.approvalStatus,
        }
      : null,
    state: session.state,
    stateChangedAt: session.stateChangedAt.toISOString(),
    ...cells(observed),
    drift: toDrift(findings),
    driftUnknown: unknownKinds,
    severity: rowSeverity(findings),
    ...quarantineOf(found.objects),
  };
}

const quarantineOf = (objects: SessionObjects) => {
  const until = deriveQuarantinedUntil(objects);
  return until ? { quarantinedUntil: until.toISOString() } : {};
};

function orphanRow({ sessionId, objects, observed, findings, unknownKinds }: OrphanFindings): SessionRowView {
  const first = [...objects.deployments, ...objects.services, ...objects.pods][0]?.metadata;
  return {
    kind: "orphan",
    id: sessionId,
    userId: null,
    namespace: first?.namespace ?? null,
    agentId: first?.labels?.[AGENT_LABEL] ?? null,
    agent: null,
    state: null,
    stateChangedAt: null,
    ...cells(observed),
    drift: toDrift(findings),
    driftUnknown: unknownKinds,
    severity: rowSeverity(findings),
    ...quarantineOf(objects),
  };
}

/** What makes a cached row still true: what keeps it quiet, and its owner's fields. */
const cacheKeyOf = (session: SessionInput, agent: DriftAgent | undefined) =>
  `${quietKeyOf(session, agent)}|${session.userId}|${session.namespace}`;

/**
 * Table rows from the shared join and classification ({@link deriveSessionFindings}): health per
 * object, drift per session, plus a row per orphaned session id. Pure; `now` is passed in.
 */
export function buildSessionRows(input: {
  sessions: SessionInput[];
  agents: Map<string, DriftAgent>;
  snapshot: ClusterSnapshot;
  sessionLabelKey: string;
  now: Date;
  thresholds: DriftThresholds;
  /** This installation's id: objects without a row are orphans of ours only when they carry it. */
  installationId: string;
  /** Rows that time alone cannot change, kept between builds (see {@link isQuiet}). */
  cache?: RowCache;
}): SessionRowView[] {
  const cache = input.cache;
  const reusable = quietCacheFor(cache, input.snapshot);
  const reused = new Map<string, SessionRowView>();
  const derived = deriveSessionFindings({
    ...input,
    skip: (session, agent, objects) => {
      const cached = reusable?.get(session.id);
      if (!cached || cached.key !== cacheKeyOf(session, agent) || !sameObjects(cached.objects, objects))
        return false;
      reused.set(session.id, cached.row);
      return true;
    },
  });
  const built = new Map(derived.sessions.map((f) => [f.session.id, f]));
  const rows = input.sessions.map((session) => {
    const again = reused.get(session.id);
    if (again) return again;
    const found = built.get(session.id)!;
    const row = sessionRow(session, found);
    if (cache && isQuiet(found))
      cache.set(session.id, { key: cacheKeyOf(session, found.agent), objects: found.objects, row });
    else cache?.delete(session.id);
    return row;
  });
  if (cache) {
    const present = new Set(input.sessions.map((x) => x.id));
    for (const id of cache.keys()) if (!present.has(id)) cache.delete(id);
  }
  return [...rows, ...derived.orphans.map(orphanRow)];
}
