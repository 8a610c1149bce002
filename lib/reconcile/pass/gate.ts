import type { AppEnv } from "@/lib/config/env";
import { isFinalState } from "@/lib/sessions/state-machine";
import { checkBlastRadius } from "../blast-radius";
import type { ClustersPlanInput } from "../clusters";
import { deriveBlastRadius } from "../policy";
import { derivePlanHash } from "../plan-hash";
import type { Action } from "../types";

/**
 * Actions that end a session or delete an object. A stop retried asks the agent, a quarantine
 * scales to 0 and keeps everything (a restore brings it back): neither is destructive.
 */
export const isDestructive = (action: Action) =>
  action.type !== "retry-stop" && action.type !== "quarantine-objects" && action.type !== "restore-objects";

/**
 * What of a plan may run now. Past the blast-radius limit the destructive actions wait for a human
 * (`blocked` says why); the harmless ones (a stop asked again) still run.
 */
export function gate(
  actions: Action[],
  input: { observed: ClustersPlanInput; env: AppEnv; allowLargeRun: boolean; spentThisHour: number },
): { runnable: Action[]; blocked?: string } {
  const active = input.observed.sessions.filter((s) => !isFinalState(s.state)).length;
  const blocked = input.allowLargeRun
    ? undefined
    : checkBlastRadius(
        actions,
        active,
        deriveBlastRadius(input.env),
        input.observed.clusters.reduce(
          (sum, { snapshot }) => sum + snapshot.deployments.length + snapshot.services.length,
          0,
        ),
        input.spentThisHour,
      );
  if (!blocked) return { runnable: actions };
  return { runnable: actions.filter((a) => !isDestructive(a)), blocked };
}

/**
 * A pass applying a preview must find the very plan that was previewed (by its hash); when the
 * state has moved past it, nothing runs and the answer says so, so nobody applies a plan unseen.
 */
export function checkPreview(actions: Action[], previewedPlanHash: string | undefined): string | undefined {
  if (previewedPlanHash === undefined || derivePlanHash(actions) === previewedPlanHash) return undefined;
  return `the state moved since the preview: the plan is now ${actions.length} action${actions.length === 1 ? "" : "s"} and not the one previewed; nothing was done — preview again`;
}
