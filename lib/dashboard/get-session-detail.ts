import "server-only";
import { getEffectiveConfig } from "@/lib/config/runtime-env";
import { getAgent } from "@/lib/db/readers/agents";
import { listSessionAudit } from "@/lib/db/readers/audit";
import { listSessionCommands } from "@/lib/db/readers/commands";
import { listSessionRuns } from "@/lib/db/readers/reconcile";
import { getSession } from "@/lib/db/readers/sessions";
import { classifySessionDrift } from "@/lib/drift/classify";
import { deriveDriftThresholds } from "@/lib/drift/thresholds-from-env";
import { getClusterSnapshot, unconfiguredSnapshot } from "@/lib/k8s/observer";
import { resolveCluster } from "@/lib/config/clusters";
import { listQuarantinedObjects } from "@/lib/k8s/model/quarantine";
import { emptySessionObjects, indexBySession, observedKinds } from "@/lib/k8s/model/snapshot";
import { deriveAgentConnection } from "@/lib/platform/agent-connection";
import { toKindStatusView } from "./get-sessions-view";
import { deriveObservedHealth } from "@/lib/drift/observed-health";
import { getKubeConfig } from "@/lib/k8s/client";
import { listNamespaceEvents } from "@/lib/k8s/list-events";
import { deriveSessionEvents, type SessionEvent } from "@/lib/k8s/model/session-events";
import type { SessionObjects } from "@/lib/k8s/model/snapshot";
import { getStuckPodRepairs } from "./get-stuck-pods";

/** Events older than this are left out of the timeline (the API server keeps them ~1 h by default anyway). */
export const SESSION_EVENTS_MAX_AGE_SECONDS = 24 * 3600;
/** The most reconcile runs the timeline shows for one session. */
const SESSION_RUNS_LIMIT = 50;

/** What the timeline shows of Kubernetes Events: the session's, or why they could not be read. */
export type SessionEventsView =
  { ok: true; events: SessionEvent[]; truncated: boolean } | { ok: false; error: string };

/**
 * The Events of the session's objects: one list call in its namespace (capped), filtered here. A
 * failure is returned as a message so the rest of the page still renders.
 */
async function getSessionEvents(
  cluster: string,
  namespace: string,
  sessionId: string,
  objects: SessionObjects,
  now: Date,
): Promise<SessionEventsView> {
  try {
    const { events, truncated } = await listNamespaceEvents(getKubeConfig(cluster).kubeConfig, namespace);
    const mine = deriveSessionEvents(events, {
      objects,
      sessionId,
      now,
      maxAgeSeconds: SESSION_EVENTS_MAX_AGE_SECONDS,
    });
    return { ok: true, events: mine, truncated };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Everything known about one session: row, agent, live objects with health, drift, timeline. */
export async function getSessionDetail(sessionId: string, now = new Date()) {
  const { env } = await getEffectiveConfig();
  const thresholds = deriveDriftThresholds(env);
  const session = await getSession(sessionId);
  if (!session) return undefined;
  // Its own cluster's objects; a cluster not configured here is unknown, every kind.
  const cluster = resolveCluster(session.cluster, env);
  const snapshot = cluster
    ? await getClusterSnapshot(cluster)
    : unconfiguredSnapshot(`its cluster ${session.cluster} is not configured here (CLUSTERS)`);
  const objects = indexBySession(snapshot, env.SESSION_LABEL_KEY).get(sessionId) ?? emptySessionObjects();
  const observed = deriveObservedHealth(objects, snapshot, now, thresholds.podTerminatingMarginSeconds);
  const [agentRow, commands, audit, runs, events, stuckPods] = await Promise.all([
    getAgent(session.agentId),
    listSessionCommands(sessionId),
    listSessionAudit(sessionId),
    listSessionRuns({ sessionId, since: session.createdAt, limit: SESSION_RUNS_LIMIT }),
    cluster
      ? getSessionEvents(cluster, session.namespace, sessionId, objects, now)
      : ({ ok: false, error: `cluster ${session.cluster} is not configured here` } as const),
    cluster ? getStuckPodRepairs(cluster, objects.pods, observed.pods, now) : [],
  ]);
  const connection = agentRow
    ? deriveAgentConnection(agentRow, now, env.AGENT_HEARTBEAT_TIMEOUT_SECONDS)
    : undefined;
  const drift = classifySessionDrift({
    session,
    agent:
      agentRow && connection
        ? { id: agentRow.id, approvalStatus: agentRow.approvalStatus, connection }
        : undefined,
    observed,
    now,
    thresholds,
  });
  const { credentialHash: _secret, ...agent } = agentRow ?? { credentialHash: null };
  return {
    now,
    session,
    agent: agentRow
      ? { ...(agent as Omit<typeof agentRow, "credentialHash">), connection: connection! }
      : undefined,
    observed,
    /** Its objects in quarantine: what Restore brings back, and when each would be deleted. */
    quarantined: listQuarantinedObjects(objects).map((o) => ({
      kind: o.kind,
      name: o.name,
      reason: o.marks.reason,
      quarantinedBy: o.marks.quarantinedBy,
      quarantinedAt: o.marks.quarantinedAt.toISOString(),
      untilAt: o.marks.untilAt.toISOString(),
    })),
    drift,
    commands,
    audit,
    runs,
    events,
    stuckPods,
    // The escalation threshold in force (a runtime setting), beside the stop attempts it counts.
    stopEscalateAttempts: env.STOP_ESCALATE_ATTEMPTS,
    kinds: observedKinds.map((kind) => toKindStatusView(snapshot.kinds[kind])),
  };
}

export type SessionDetail = NonNullable<Awaited<ReturnType<typeof getSessionDetail>>>;
