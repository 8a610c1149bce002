import "server-only";
import { getEnv } from "@/lib/config/env";
import { recordAgentDisconnects } from "@/lib/db/writers/agents";
import { recordAlive } from "@/lib/db/writers/installation";
import { pruneOnceADay } from "@/lib/db/writers/retention";
import { log } from "@/lib/log/logger";
import { deriveRetention } from "./settings";

const globalForLoop = globalThis as typeof globalThis & { __sessionReconcilerLiveness?: NodeJS.Timeout };

/**
 * Records this installation's own liveness, and agents whose heartbeat stopped (`agent.disconnected`) every
 * AGENT_LIVENESS_INTERVAL_SECONDS. Safe with several replicas: the update only takes agents not
 * yet marked, so each disconnect is recorded once.
 */
export function startAgentLivenessLoop(): void {
  const env = getEnv();
  const intervalSeconds = env.AGENT_LIVENESS_INTERVAL_SECONDS;
  if (intervalSeconds === 0 || globalForLoop.__sessionReconcilerLiveness) return;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      // This process can reach its database: record it (a gap means an outage of ours).
      await recordAlive({
        now: new Date(),
        heartbeatTimeoutSeconds: env.AGENT_HEARTBEAT_TIMEOUT_SECONDS,
      });
      const pruned = await pruneOnceADay({ now: new Date(), retention: deriveRetention(env) });
      if (pruned) log.info("pruned old runs and audit events", pruned);
      const marked = await recordAgentDisconnects({
        now: new Date(),
        heartbeatTimeoutSeconds: env.AGENT_HEARTBEAT_TIMEOUT_SECONDS,
        actor: { type: "system", id: "liveness" },
      });
      for (const agentId of marked) {
        log.warn("agent disconnected", { agentId });
      }
    } catch (error) {
      log.error("agent liveness check failed", { error });
    } finally {
      running = false;
    }
  };
  globalForLoop.__sessionReconcilerLiveness = setInterval(tick, intervalSeconds * 1000);
  globalForLoop.__sessionReconcilerLiveness.unref();
}
