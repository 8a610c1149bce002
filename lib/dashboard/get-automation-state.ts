import "server-only";
import { getEnv } from "@/lib/config/env";
import { getAutomationTimes, getLastDecidingRun } from "@/lib/db/readers/reconcile";
import { deriveClassModes } from "@/lib/reconcile/policy";
import { deriveAutomationState, type AutomationState } from "./automation";

export type { AutomationState } from "./automation";

/** The automation's state now: blocked or not, its last and next runs, what it leaves to people. */
export async function getAutomationState(now = new Date()): Promise<AutomationState> {
  const env = getEnv();
  const [lastDecidingRun, times] = await Promise.all([getLastDecidingRun(), getAutomationTimes()]);
  return deriveAutomationState({
    lastDecidingRun,
    lastLoopStartedAt: times.lastLoopStartedAt,
    lastSucceeded: times.lastSucceeded,
    intervalSeconds: env.RECONCILE_INTERVAL_SECONDS,
    cronSecretSet: Boolean(env.CRON_SECRET),
    modes: deriveClassModes(env.RECONCILE_MODES),
    now,
  });
}
