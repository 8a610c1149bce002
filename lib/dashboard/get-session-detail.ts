import "server-only";
import { getEffectiveConfig } from "@/lib/config/runtime-env";
import { getAgent } from "@/lib/db/readers/agents";
import { listSessionAudit } from "@/lib/db/readers/audit";
import { listSessionCommands } from "@/lib/db/readers/commands";
import { getSession } from "@/lib/db/readers/sessions";
import { classifySessionDrift } from "@/lib/drift/classify";
import { deriveDriftThresholds } from "@/lib/drift/thresholds-from-env";
import { getClusterSnapshot } from "@/lib/k8s/observer";
import { emptySessionObjects, indexBySession, observedKinds } from "@/lib/k8s/model/snapshot";
import { deriveAgentConnection } from "@/lib/platform/agent-connection";
import { toKindStatusView } from "./get-sessions-view";
import { deriveObservedHealth } from "@/lib/drift/observed-health";

/** Everything known about one session: row, agent, live objects with health, drift, timeline. */
export async function getSessionDetail(sessionId: string, now = new Date()) {
  const { env } = await getEffectiveConfig();
  const thresholds = deriveDriftThresholds(env);
  const snapshot = await getClusterSnapshot();
  const session = await getSession(sessionId);
  if (!session) return undefined;
  const [agentRow, commands, audit] = await Promise.all([
    getAgent(session.agentId),
    listSessionCommands(sessionId),
    listSessionAudit(sessionId),
  ]);
  const objects = indexBySession(snapshot, env.SESSION_LABEL_KEY).get(sessionId) ?? emptySessionObjects();
  const observed = deriveObservedHealth(objects, snapshot, now, thresholds.podTerminatingMarginSeconds);
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
    drift,
    commands,
    audit,
    // The escalation threshold in force (a runtime setting), beside the stop attempts it counts.
    stopEscalateAttempts: env.STOP_ESCALATE_ATTEMPTS,
    kinds: observedKinds.map((kind) => toKindStatusView(snapshot.kinds[kind])),
  };
}

export type SessionDetail = NonNullable<Awaited<ReturnType<typeof getSessionDetail>>>;
