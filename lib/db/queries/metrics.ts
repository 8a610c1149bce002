import { and, desc, eq, isNotNull } from "drizzle-orm";
import type { Database } from "../client";
import { agents, reconcileRuns, type RunFigures } from "../schema";
import { getLastDecidingRun } from "./reconcile";

/** What the gauges at /api/metrics report, as stored: the same answer from every replica. */
export interface StoredGaugeFigures {
  /** The last run that observed and planned (dry runs too), or none yet. */
  lastPlanned?: { driftCounts: Record<string, number>; figures: RunFigures };
  lastSucceededAt: Date | null;
  /** Whether the last run that decided anything was held at the blast-radius limit. */
  blocked: boolean;
  agents: { lastHeartbeatAt: Date | null; connectedAt: Date | null; disconnectedAt: Date | null }[];
}

/**
 * The gauges' figures, read at scrape time: whichever replica ran the pass, the run row holds what
 * it found, so a replica that never won the lease reports the same as the one that did.
 */
export async function getStoredGaugeFigures(db: Database): Promise<StoredGaugeFigures> {
  const [planned] = await db
    .select({ driftCounts: reconcileRuns.driftCounts, figures: reconcileRuns.figures })
    .from(reconcileRuns)
    .where(isNotNull(reconcileRuns.figures))
    .orderBy(desc(reconcileRuns.id))
    .limit(1);
  const [succeeded] = await db
    .select({ finishedAt: reconcileRuns.finishedAt })
    .from(reconcileRuns)
    .where(and(eq(reconcileRuns.status, "succeeded"), isNotNull(reconcileRuns.finishedAt)))
    .orderBy(desc(reconcileRuns.id))
    .limit(1);
  const deciding = await getLastDecidingRun(db);
  const agentRows = await db
    .select({
      lastHeartbeatAt: agents.lastHeartbeatAt,
      connectedAt: agents.connectedAt,
      disconnectedAt: agents.disconnectedAt,
    })
    .from(agents);
  return {
    lastPlanned: planned?.figures
      ? { driftCounts: planned.driftCounts, figures: planned.figures }
      : undefined,
    lastSucceededAt: succeeded?.finishedAt ?? null,
    blocked: deciding?.status === "blocked",
    agents: agentRows,
  };
}
