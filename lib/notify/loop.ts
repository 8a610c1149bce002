import "server-only";
import { getEnv } from "@/lib/config/env";
import { runDeliveryRound } from "./deliver";
import { getDeliveryDeps, notifyLog } from "./server";

const globalForLoop = globalThis as typeof globalThis & { __sessionReconcilerWebhooks?: NodeJS.Timeout };

/**
 * The webhook delivery worker: a round every WEBHOOK_DELIVERY_INTERVAL_SECONDS (0 = off). Rounds
 * never overlap within the process; across replicas the claim (FOR UPDATE SKIP LOCKED) splits
 * the work, so each attempt is made by one of them.
 */
export function startWebhookDeliveryLoop(): void {
  const intervalSeconds = getEnv().WEBHOOK_DELIVERY_INTERVAL_SECONDS;
  if (intervalSeconds === 0 || globalForLoop.__sessionReconcilerWebhooks) return;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const results = await runDeliveryRound(getDeliveryDeps());
      for (const r of results.filter((r) => !r.delivered))
        notifyLog.warn("webhook delivery attempt failed", {
          deliveryId: r.id,
          attempt: r.attempt,
          error: r.error,
        });
    } catch (error) {
      notifyLog.error("webhook delivery round failed", { error });
    } finally {
      running = false;
    }
  };
  globalForLoop.__sessionReconcilerWebhooks = setInterval(tick, intervalSeconds * 1000);
  globalForLoop.__sessionReconcilerWebhooks.unref();
  notifyLog.info("webhook delivery loop started", { intervalSeconds });
}
