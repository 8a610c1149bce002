import "server-only";
import { getEnv } from "@/lib/config/env";
import type { Database } from "@/lib/db/client";
import { claimDueDeliveries, enqueueDeliveries, recordDeliveryAttempt } from "@/lib/db/writers/webhooks";
import { enqueueDeliveries as enqueueDeliveriesOn } from "@/lib/db/queries/webhooks";
import { log } from "@/lib/log/logger";
import { deriveRetryPolicy } from "./backoff";
import type { DeliveryDeps } from "./deliver";
import type { NotifyEvent } from "./events";

/** The notification worker's log lines. */
export const notifyLog = log.child({ component: "notify" });

const sender = (now: Date) => {
  const env = getEnv();
  return { installation: env.INSTALLATION_NAME, dashboardUrl: env.AUTH_URL, now };
};

/**
 * Enqueues `events` for the webhooks subscribed to them: stored, then sent by the delivery worker,
 * so a process that stops right after loses nothing. Give `db` the transaction of the change the
 * event records (the pause action's) to enqueue in it; without, the process's database. Never
 * throws on the process's database (a notification must not fail what it reports); with a
 * transaction it does, so the caller's transaction decides.
 */
export async function notifyEvent(
  events: NotifyEvent | readonly NotifyEvent[],
  options: { db?: Database } = {},
) {
  const list = Array.isArray(events) ? events : [events as NotifyEvent];
  const now = new Date();
  if (options.db) return enqueueDeliveriesOn(options.db, { ...sender(now), events: list });
  try {
    return await enqueueDeliveries({ ...sender(now), events: list });
  } catch (error) {
    notifyLog.error("could not enqueue notifications", { types: list.map((e) => e.type), error });
    return 0;
  }
}

/** The delivery worker's dependencies in the server process. */
export function getDeliveryDeps(): DeliveryDeps {
  const env = getEnv();
  return {
    claim: claimDueDeliveries,
    record: recordDeliveryAttempt,
    fetch: globalThis.fetch,
    clock: () => new Date(),
    policy: deriveRetryPolicy(env),
    timeoutSeconds: env.WEBHOOK_TIMEOUT_SECONDS,
  };
}
