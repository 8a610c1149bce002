import "server-only";
import { getEnv } from "@/lib/config/env";
import { deriveLoopDelaySeconds } from "./loop-delay";
import { reconcilerLog, runReconcileInServer } from "./server";

const globalForLoop = globalThis as typeof globalThis & { __sessionReconcilerLoop?: NodeJS.Timeout };

/**
 * The in-process reconcile loop: a pass every RECONCILE_INTERVAL_SECONDS (0 = off), or earlier
 * when the last pass said when waiting evidence ripens. Passes never overlap within the process;
 * across processes the lease decides, so replicas, cron and this loop never act twice.
 */
export function startReconcileLoop(): void {
  const intervalSeconds = getEnv().RECONCILE_INTERVAL_SECONDS;
  if (intervalSeconds === 0 || globalForLoop.__sessionReconcilerLoop) return;
  const schedule = (delaySeconds: number) => {
    globalForLoop.__sessionReconcilerLoop = setTimeout(tick, delaySeconds * 1000);
    globalForLoop.__sessionReconcilerLoop.unref();
  };
  const tick = async () => {
    let nextDueAt: string | undefined;
    try {
      const report = await runReconcileInServer({ trigger: "loop", actorId: "loop", dryRun: false });
      nextDueAt = report.nextDueAt;
    } catch (error) {
      reconcilerLog.error("reconcile loop pass failed", { error });
    } finally {
      schedule(deriveLoopDelaySeconds({ intervalSeconds, nextDueAt, now: new Date() }));
    }
  };
  schedule(intervalSeconds);
  reconcilerLog.info("reconcile loop started", { intervalSeconds });
}
