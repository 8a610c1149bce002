import type { BlastRadius } from "./policy";
import type { Action } from "./types";

/**
 * Whether a plan is too large to run without a human: more deletions than allowed, ending more
 * than the allowed share of the active sessions, or deleting more than that share of the objects
 * observed as orphans (what an empty or wrong database would plan). Returns the reason, or
 * undefined when it is fine.
 */
export function checkBlastRadius(
  actions: Action[],
  activeSessions: number,
  limits: BlastRadius,
  /** Deployments and Services of ours observed: the whole an orphan deletion is a share of. */
  observedObjects = 0,
  /** Objects deleted and sessions ended by automation in the last hour, before this plan. */
  spentThisHour = 0,
): string | undefined {
  const deletions = actions.reduce((sum, a) => sum + ("objects" in a ? a.objects.length : 0), 0);
  const ending = actions.filter(
    (a) => a.type === "force-terminate" || a.type === "terminate-session" || a.type === "fail-session",
  ).length;
  const reasons: string[] = [];
  if (deletions > limits.maxDeletions)
    reasons.push(`it would delete ${deletions} objects (limit ${limits.maxDeletions})`);
  if (
    activeSessions >= limits.minSessionsForPercent &&
    (ending / activeSessions) * 100 > limits.maxSessionPercent
  ) {
    reasons.push(
      `it would end ${ending} of ${activeSessions} active sessions (${((ending / activeSessions) * 100).toFixed(0)} %, limit ${limits.maxSessionPercent} %)`,
    );
  }
  const orphans = actions
    .filter((a) => a.driftClass === "orphaned-resources")
    .reduce((sum, a) => sum + ("objects" in a ? a.objects.filter((o) => o.kind !== "Pod").length : 0), 0);
  if (
    observedObjects >= limits.minSessionsForPercent &&
    (orphans / observedObjects) * 100 > limits.maxSessionPercent
  ) {
    reasons.push(
      `it would delete ${orphans} of ${observedObjects} observed Deployments and Services as orphans (${((orphans / observedObjects) * 100).toFixed(0)} %, limit ${limits.maxSessionPercent} %)`,
    );
  }
  const planned = deletions + ending;
  if (planned > 0 && spentThisHour + planned > limits.maxDestructivePerHour) {
    reasons.push(
      `it would bring the last hour's deletions and endings to ${spentThisHour + planned} (${spentThisHour} done, ${planned} planned; limit ${limits.maxDestructivePerHour} an hour)`,
    );
  }
  return reasons.length ? `blast-radius limit: ${reasons.join(" and ")}` : undefined;
}
