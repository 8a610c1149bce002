import { and, eq, inArray, isNull, lt, notInArray, or } from "drizzle-orm";
import type { Database } from "../client";
import { auditEvents, installation, reconcileRuns } from "../schema";

export interface Retention {
  runsDays: number;
  skippedRunsDays: number;
  auditDays: number;
}

const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * 86_400_000);

/**
 * Deletes reconcile runs, skipped (and paused) runs and audit events older than their retention — at most once
 * a day across every process (the first to move `pruned_at` does it). Answers what went, or null
 * when it was not this process's turn.
 */
export async function pruneOnceADay(
  db: Database,
  input: { now: Date; retention: Retention },
): Promise<{ runs: number; skippedRuns: number; auditEvents: number } | null> {
  const { now, retention } = input;
  const turn = await db
    .update(installation)
    .set({ prunedAt: now })
    .where(
      and(
        eq(installation.singleton, "this"),
        or(isNull(installation.prunedAt), lt(installation.prunedAt, daysBefore(now, 1))),
      ),
    )
    .returning({ prunedAt: installation.prunedAt });
  if (turn.length === 0) return null;
  const finished = notInArray(reconcileRuns.status, ["running"]);
  const skippedRuns = await db
    .delete(reconcileRuns)
    .where(
      and(
        inArray(reconcileRuns.status, ["skipped", "paused"]),
        lt(reconcileRuns.startedAt, daysBefore(now, retention.skippedRunsDays)),
      ),
    )
    .returning({ id: reconcileRuns.id });
  const runs = await db
    .delete(reconcileRuns)
    .where(and(finished, lt(reconcileRuns.startedAt, daysBefore(now, retention.runsDays))))
    .returning({ id: reconcileRuns.id });
  const audit = await db
    .delete(auditEvents)
    .where(lt(auditEvents.occurredAt, daysBefore(now, retention.auditDays)))
    .returning({ id: auditEvents.id });
  return { runs: runs.length, skippedRuns: skippedRuns.length, auditEvents: audit.length };
}
