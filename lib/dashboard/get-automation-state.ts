import "server-only";
import { getEffectiveConfig } from "@/lib/config/runtime-env";
import { getAutomationTimes, getLastDecidingRun } from "@/lib/db/readers/reconcile";
import { deriveClassModes } from "@/lib/reconcile/policy";
import { deriveAutomationState, type AutomationState } from "./automation";

export type { AutomationState } from "./automation";

/** The automation's state now: blocked or not, its last and next runs, what it leaves to people. */
export async function getAutomationState(now = new Date()): Promise<AutomationState> {
  const [{ env, settings }, lastDecidingRun, times] = await Promise.all([
    getEffectiveConfig(),
    getLastDecidingRun(),
    getAutomationTimes(),
  ]);
  return deriveAutomationState({
    lastDecidingRun,
    lastLoopStartedAt: times.lastLoopStartedAt,
    lastSucceeded: times.lastSucceeded,
    intervalSeconds: env.RECONCILE_INTERVAL_SECONDS,
    cronSecretSet: Boolean(env.CRON_SECRET),
    modes: deriveClassModes(env.RECONCILE_MODES),
    pause: settings.pause,
    now,
  });
}
