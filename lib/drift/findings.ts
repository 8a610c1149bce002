import {
  emptySessionObjects,
  indexBySession,
  type ClusterSnapshot,
  type ObservedKind,
  type SessionObjects,
} from "@/lib/k8s/model/snapshot";
import type { SessionState } from "@/lib/sessions/state-machine";
import { INSTALLATION_ID_ANNOTATION } from "@/lib/k8s/model/labels";
import {
  classifyOrphanDrift,
  classifySessionDrift,
  type DriftAgent,
  type ObservedHealth,
  type OrphanOwner,
} from "./classify";
import { deriveObservedHealth } from "./observed-health";
import type { DriftFinding, DriftThresholds } from "./types";

/** A session as the join needs it; the dashboard and the planner each carry more fields through. */
export interface FindingSession {
  id: string;
  state: SessionState;
  stateChangedAt: Date;
  agentId: string;
}

/** One session joined with its agent and its objects, and classified. */
export interface SessionFindings<S extends FindingSession> {
  session: S;
  agent: DriftAgent | undefined;
  objects: SessionObjects;
  observed: ObservedHealth;
  findings: DriftFinding[];
  unknownKinds: ObservedKind[];
}

/** The objects of a session id that has no row, classified. */
export interface OrphanFindings {
  sessionId: string;
  objects: SessionObjects;
  observed: ObservedHealth;
  /** The oldest object's creation time. */
  createdAt: Date | null;
  owner: OrphanOwner;
  findings: DriftFinding[];
  unknownKinds: ObservedKind[];
}

export interface FindingsInput<S extends FindingSession> {
  sessions: readonly S[];
  agents: ReadonlyMap<string, DriftAgent>;
  snapshot: ClusterSnapshot;
  sessionLabelKey: string;
  now: Date;
  thresholds: DriftThresholds;
  /** This installation's id: objects without a row are orphans only when they carry it. */
  installationId: string;
  /**
   * A session the caller already holds a result for (the dashboard's cache of rows time cannot
   * change): return true and it is passed over, its objects still claimed so it is no orphan.
   */
  skip?: (session: S, agent: DriftAgent | undefined, objects: SessionObjects) => boolean;
}

/** Whose objects these are, from the installation id on the Deployments, Services and bare pods. */
export function deriveOrphanOwner(objects: SessionObjects, installationId: string): OrphanOwner {
  const judged = [
    ...objects.deployments,
    ...objects.services,
    ...objects.pods.filter((p) => !p.metadata?.ownerReferences?.length),
  ];
  const ids = new Set(judged.map((o) => o.metadata?.annotations?.[INSTALLATION_ID_ANNOTATION]));
  const foreign = [...ids].filter((id): id is string => !!id && id !== installationId);
  if (foreign.length > 0) return { kind: "foreign", ids: foreign.sort() };
  return ids.has(undefined) || judged.length === 0 ? { kind: "unmarked" } : { kind: "ours" };
}

function oldestCreation(objects: SessionObjects): Date | null {
  let oldest: Date | null = null;
  for (const o of [...objects.deployments, ...objects.services, ...objects.pods]) {
    const created = o.metadata?.creationTimestamp;
    if (created === undefined) continue;
    const at = new Date(created);
    if (!Number.isNaN(at.getTime()) && (!oldest || at < oldest)) oldest = at;
  }
  return oldest;
}

/**
 * The one join of sessions × agents × cluster snapshot and the classification over it. The
 * dashboard's rows and the reconciler's plan are both built from this, so what the screen calls
 * drift is exactly what the reconciler acts on. Pure; `now` is passed in.
 */
export function deriveSessionFindings<S extends FindingSession>(
  input: FindingsInput<S>,
): { sessions: SessionFindings<S>[]; orphans: OrphanFindings[] } {
  const { snapshot, now, thresholds } = input;
  const margin = thresholds.podTerminatingMarginSeconds;
  const index = indexBySession(snapshot, input.sessionLabelKey);
  const sessions: SessionFindings<S>[] = [];
  const rowIds = new Set<string>();
  for (const session of input.sessions) {
    const objects = index.get(session.id) ?? emptySessionObjects();
    rowIds.add(session.id);
    const agent = input.agents.get(session.agentId);
    if (input.skip?.(session, agent, objects)) continue;
    const observed = deriveObservedHealth(objects, snapshot, now, margin);
    const { findings, unknownKinds } = classifySessionDrift({ session, agent, observed, now, thresholds });
    sessions.push({ session, agent, objects, observed, findings, unknownKinds });
  }
  const orphans: OrphanFindings[] = [];
  for (const [sessionId, objects] of index) {
    if (rowIds.has(sessionId)) continue;
    const observed = deriveObservedHealth(objects, snapshot, now, margin);
    const createdAt = oldestCreation(objects);
    const owner = deriveOrphanOwner(objects, input.installationId);
    const { findings, unknownKinds } = classifyOrphanDrift({
      sessionId,
      observed,
      createdAt,
      owner,
      now,
      thresholds,
    });
    orphans.push({ sessionId, objects, observed, createdAt, owner, findings, unknownKinds });
  }
  return { sessions, orphans };
}
