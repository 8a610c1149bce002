import "server-only";
import { getEnv } from "@/lib/config/env";
import { reconcilerLog, runReconcileInServer } from "./server";

const globalForLoop = globalThis as typeof globalThis & { __sessionReconcilerLoop?: NodeJS.Timeout };

/**
 * The in-process reconcile loop: a pass every RECONCILE_INTERVAL_SECONDS (0 = off). Passes never
 * overlap within the process; across processes the lease decides, so replicas, cron and this loop
 * never act twice.
 */
export function startReconcileLoop(): void {
  const intervalSeconds = getEnv().RECONCILE_INTERVAL_SECONDS;
  if (intervalSeconds === 0 || globalForLoop.__sessionReconcilerLoop) return;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await runReconcileInServer({ trigger: "loop", actorId: "loop", dryRun: false });
    } catch (error) {
      reconcilerLog.error("reconcile loop pass failed", { error });
    } finally {
      running = false;
    }
  };
  globalForLoop.__sessionReconcilerLoop = setInterval(tick, intervalSeconds * 1000);
  globalForLoop.__sessionReconcilerLoop.unref();
  reconcilerLog.info("reconcile loop started", { intervalSeconds });
}
