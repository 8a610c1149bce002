import type { ReconcileRunStatus, ReconcileTrigger } from "@/lib/db/schema";
import type { ActionableClass, ClassMode } from "@/lib/reconcile/types";

/** What every page's header, the sessions page and /status say about the automation. */
export interface AutomationState {
  /** The last deciding run held its destructive actions; they wait for a human (an admin). */
  blocked: { runId: number; since: string; reason: string } | null;
  /** The last pass that decided anything (not a dry run, not skipped), from any trigger. */
  lastRun: { runId: number; status: ReconcileRunStatus; trigger: ReconcileTrigger; at: string } | null;
  /** The last pass that succeeded. */
  lastSucceeded: { runId: number; at: string } | null;
  /**
   * The in-process loop: off (RECONCILE_INTERVAL_SECONDS=0), or on with the time of its next pass
   * (null until its first, which comes one interval after the server started).
   */
  loop: { on: false } | { on: true; intervalSeconds: number; nextAt: string | null };
  /** The cron endpoint accepts calls (CRON_SECRET is set): a scheduler outside may run passes. */
  cron: boolean;
  /**
   * An admin paused all automation (/settings): passes do nothing until resumed; one-click fixes
   * by people still work. Null while automation runs.
   */
  pause: { by: string; at: string; reason: string } | null;
  /** Classes the automation leaves to people (manual) or ignores (off): paused for them. */
  paused: { driftClass: ActionableClass; mode: Exclude<ClassMode, "automatic" | "quarantine"> }[];
}

type DecidingRun = {
  id: number;
  status: ReconcileRunStatus;
  trigger: ReconcileTrigger;
  startedAt: Date;
  finishedAt: Date | null;
  error: string | null;
};

/** The automation's state from its configuration and its runs. Pure: `now` is passed in. */
export function deriveAutomationState(input: {
  lastDecidingRun: DecidingRun | undefined;
  lastLoopStartedAt: Date | null;
  lastSucceeded: { id: number; at: Date } | null;
  intervalSeconds: number;
  cronSecretSet: boolean;
  modes: Record<ActionableClass, ClassMode>;
  pause?: { pausedBy: string; pausedAt: Date; reason: string } | null;
  now: Date;
}): AutomationState {
  const run = input.lastDecidingRun;
  const runAt = run ? (run.finishedAt ?? run.startedAt).toISOString() : "";
  return {
    blocked:
      run?.status === "blocked"
        ? {
            runId: run.id,
            since: runAt,
            reason: run.error ?? "the blast-radius limit held its destructive actions",
          }
        : null,
    lastRun: run ? { runId: run.id, status: run.status, trigger: run.trigger, at: runAt } : null,
    lastSucceeded: input.lastSucceeded
      ? { runId: input.lastSucceeded.id, at: input.lastSucceeded.at.toISOString() }
      : null,
    loop:
      input.intervalSeconds === 0
        ? { on: false }
        : {
            on: true,
            intervalSeconds: input.intervalSeconds,
            nextAt: deriveNextLoopAt(input.lastLoopStartedAt, input.intervalSeconds, input.now),
          },
    cron: input.cronSecretSet,
    pause: input.pause
      ? { by: input.pause.pausedBy, at: input.pause.pausedAt.toISOString(), reason: input.pause.reason }
      : null,
    paused: Object.entries(input.modes)
      // Quarantine acts by itself (it only keeps objects back a while): not paused.
      .filter(
        (entry): entry is [ActionableClass, "manual" | "off"] => entry[1] === "manual" || entry[1] === "off",
      )
      .map(([driftClass, mode]) => ({ driftClass, mode }))
      .sort((a, b) => (a.driftClass < b.driftClass ? -1 : 1)),
  };
}

/**
 * When the loop's next pass is due: one interval after its last. A beat missed (the server was
 * down or the pass is late) is not invented: the next is then "now", never a time in the past.
 */
export function deriveNextLoopAt(
  lastStartedAt: Date | null,
  intervalSeconds: number,
  now: Date,
): string | null {
  if (!lastStartedAt) return null;
  const due = lastStartedAt.getTime() + intervalSeconds * 1000;
  return new Date(Math.max(due, now.getTime())).toISOString();
}
