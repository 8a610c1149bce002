import "server-only";
import type { AppEnv } from "@/lib/config/env";
import type { Database } from "@/lib/db/client";
import { listAgents } from "@/lib/db/queries/agents";
import { getInstallationId, getLiveness, recordAlive } from "@/lib/db/queries/installation";
import { loadPlanSessions } from "@/lib/db/queries/reconcile";
import { indexBySession, type ClusterSnapshot } from "@/lib/k8s/snapshot";
import { deriveDriftAgents } from "@/lib/platform/agent-connection";
import type { PlanInput } from "../plan";
import { deriveReconcilePolicy } from "../policy";
import { deriveSilenceHolds } from "../silence";

export interface ObserveDeps {
  db: Database;
  env: AppEnv;
  getSnapshot: () => Promise<ClusterSnapshot>;
  clock: () => Date;
}

/**
 * Everything a plan is made from, read once: the cluster snapshot, the sessions and agents of the
 * database, and this installation's own liveness (recorded first: a pass is proof we are alive),
 * from which the agents whose silence is no evidence this pass are derived.
 */
export async function observe(deps: ObserveDeps): Promise<PlanInput> {
  const { db, env, clock } = deps;
  const policy = deriveReconcilePolicy(env, await getInstallationId(db));
  await recordAlive(db, { now: clock(), heartbeatTimeoutSeconds: env.AGENT_HEARTBEAT_TIMEOUT_SECONDS });
  const snapshot = await deps.getSnapshot();
  const idsInCluster = [...indexBySession(snapshot, policy.sessionLabelKey).keys()];
  const [{ sessions, stopHistory }, agentRows, liveness] = await Promise.all([
    loadPlanSessions(db, { withObjects: idsInCluster }),
    listAgents(db),
    getLiveness(db),
  ]);
  const now = clock();
  const agents = deriveDriftAgents(agentRows, now, env.AGENT_HEARTBEAT_TIMEOUT_SECONDS);
  const silenceHolds = deriveSilenceHolds({
    agents,
    now,
    aliveSince: liveness.aliveSince,
    windowSeconds: env.SILENCE_WINDOW_SECONDS,
    // The shortest silence any class acts on: agent-lost after the grace, force after the gone time.
    evidenceSeconds:
      env.AGENT_HEARTBEAT_TIMEOUT_SECONDS +
      Math.min(env.AGENT_DISCONNECT_GRACE_SECONDS, env.AGENT_GONE_FORCE_SECONDS),
  });
  return { sessions, agents, snapshot, stopHistory, now, policy, silenceHolds };
}
