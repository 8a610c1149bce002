import "server-only";
import type { AppEnv } from "@/lib/config/env";
import { resolveCluster } from "@/lib/config/clusters";
import { sessionIdsIn, type ClusterView } from "@/lib/k8s/model/snapshot";
import { deriveDriftAgents } from "@/lib/platform/agent-connection";
import type { ClustersPlanInput } from "../clusters";
import { deriveAgentGoneWaitSeconds } from "../plan";
import { deriveReconcilePolicy } from "../policy";
import { deriveSilenceHolds } from "../silence";
import type { ObserveStore } from "../store";

export interface ObserveDeps {
  store: { observed: ObserveStore };
  env: AppEnv;
  /** Every configured cluster's snapshot (lib/k8s/observer.ts getClusterViews in the server). */
  getClusterViews: () => Promise<ClusterView[]>;
  clock: () => Date;
}

/**
 * Everything a plan is made from, read once: every cluster's snapshot, the sessions and agents of the
 * database, and this installation's own liveness (recorded first: a pass is proof we are alive),
 * from which the agents whose silence is no evidence this pass are derived.
 */
export async function observe(deps: ObserveDeps): Promise<ClustersPlanInput> {
  const { env, clock } = deps;
  const db = deps.store.observed;
  const policy = deriveReconcilePolicy(env, await db.getInstallationId());
  await db.recordAlive({ now: clock(), heartbeatTimeoutSeconds: env.AGENT_HEARTBEAT_TIMEOUT_SECONDS });
  const clusters = await deps.getClusterViews();
  const idsInCluster = clusters.flatMap(({ snapshot }) => [
    ...sessionIdsIn(snapshot, policy.sessionLabelKey),
  ]);
  const [agentRows, liveness] = await Promise.all([db.listAgents(), db.getLiveness()]);
  const now = clock();
  const agents = deriveDriftAgents(agentRows, now, env.AGENT_HEARTBEAT_TIMEOUT_SECONDS);
  // Ended sessions an agent still reports are loaded too (ended-but-running), from fresh inventories only.
  const reported = [...agents.values()].flatMap((a) => [...(a.inventory?.sessionIds ?? [])]);
  const { sessions, stopHistory } = await db.loadPlanSessions({
    withObjects: [...new Set([...idsInCluster, ...reported])],
  });
  const silenceHolds = deriveSilenceHolds({
    agents,
    now,
    aliveSince: liveness.aliveSince,
    windowSeconds: env.SILENCE_WINDOW_SECONDS,
    // The shortest silence any class acts on: agent-lost and the force of a terminating session
    // alike after the grace (or the force time, when set lower: deriveAgentGoneWaitSeconds).
    evidenceSeconds: env.AGENT_HEARTBEAT_TIMEOUT_SECONDS + deriveAgentGoneWaitSeconds(policy),
  });
  return {
    sessions,
    agents,
    clusters,
    stopHistory,
    now,
    policy,
    silenceHolds,
    resolveCluster: (cluster) => resolveCluster(cluster ?? "", env),
  };
}
