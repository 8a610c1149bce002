import {
  isKindKnown,
  observedKinds,
  sameItems,
  type ClusterSnapshot,
  type SessionObjects,
} from "@/lib/k8s/model/snapshot";
import type { DriftAgent } from "./classify";
import type { FindingSession, SessionFindings } from "./findings";

/**
 * Whether time alone cannot give this session a finding: it has none, nothing is unknown, and
 * either it runs on a connected agent with its Deployment and pods present, every pod ready, not
 * being deleted and healthy and every Deployment healthy (no grace, threshold or duration of any
 * class reads the clock then), or it has ended and nothing of it is left nor reported by its
 * agent. Anything else (terminating, pending, a grace period running) may drift by the clock.
 *
 * Such a result stays true while the session's row, its agent's connection and the very objects
 * (the watch cache replaces an object when it changes) stay the same: the dashboard keeps its
 * rows by it and the planner passes over such sessions (see {@link QuietCache}).
 */
export function isQuiet<S extends FindingSession>(found: SessionFindings<S>): boolean {
  const { session, agent, observed, findings, unknownKinds } = found;
  if (findings.length > 0 || unknownKinds.length > 0) return false;
  if (session.state === "terminated" || session.state === "failed")
    return (
      !reportedBy(session, agent) &&
      observed.deployments?.length === 0 &&
      observed.services?.length === 0 &&
      observed.pods?.length === 0
    );
  return (
    session.state === "running" &&
    agent?.connection.connected === true &&
    (observed.deployments?.length ?? 0) > 0 &&
    (observed.pods?.length ?? 0) > 0 &&
    (observed.pods ?? []).every((p) => p.ready && !p.terminating && p.severity === "ok") &&
    (observed.deployments ?? []).every((d) => d.severity === "ok")
  );
}

/** Whether the session's agent reports it in a fresh inventory (ended-but-running turns on time then). */
export const reportedBy = (session: FindingSession, agent: DriftAgent | undefined) =>
  agent?.inventory?.sessionIds.has(session.id) ?? false;

/** What must not change for a quiet result to stay true: the row's state, and its agent's. */
export const quietKeyOf = (session: FindingSession, agent: DriftAgent | undefined) =>
  `${session.state}|${session.stateChangedAt.getTime()}|${session.agentId}|${agent?.connection.connected}|${agent?.connection.since?.getTime()}|${agent?.approvalStatus}|${reportedBy(session, agent)}`;

/** The same objects, version for version (the watch cache's objects are replaced, never changed). */
export const sameObjects = (a: SessionObjects, b: SessionObjects) =>
  a === b ||
  (sameItems(a.deployments, b.deployments) &&
    sameItems(a.services, b.services) &&
    sameItems(a.pods, b.pods) &&
    sameItems(a.endpointSlices, b.endpointSlices));

/**
 * The quiet sessions of one cluster as the last pass found them, kept by the process between
 * passes: a session whose key and objects are unchanged is passed over (no findings, no action).
 */
export type QuietCache = Map<string, { key: string; objects: SessionObjects }>;

/**
 * The cache to read this pass, or none: a kind that is not synced keeps its last objects, so the
 * same objects no longer mean the same result (their cells read "unknown" now, not "present").
 */
export const quietCacheFor = <C extends QuietCache>(cache: C | undefined, snapshot: ClusterSnapshot) =>
  cache && observedKinds.every((kind) => isKindKnown(snapshot, kind)) ? cache : undefined;

/** Whether `cache` holds `session` quiet, with these objects and this agent. */
export function isStillQuiet(
  cache: QuietCache | undefined,
  session: FindingSession,
  agent: DriftAgent | undefined,
  objects: SessionObjects,
): boolean {
  const kept = cache?.get(session.id);
  return !!kept && kept.key === quietKeyOf(session, agent) && sameObjects(kept.objects, objects);
}
