import "server-only";
import type { Actor } from "@/lib/db/queries/audit";
import { recordAudit } from "@/lib/db/writers/audit";
import { invalidError } from "@/lib/errors";
import type { ActionOutcome } from "@/lib/reconcile/execute";
import { executeManualOperation, type ManualDeps, type ManualPreview } from "@/lib/reconcile/manual";
import type { ManualOperation } from "@/lib/reconcile/operations";
import { deriveFilterRecord } from "./export-query";
import { deriveFilterTargets } from "./filter-targets";
import { invalidateSessionRows, loadSessionRows } from "./get-sessions-view";
import type { SessionsFilter } from "./query";

/** One session's result: what the operation said it would do (or why not), then how it went. */
export type FilterOperationItem = ManualPreview & { outcome?: ActionOutcome; error?: string };

/** Sessions per call of the per-session operation, as the selection's bulk path sends them. */
const chunkSize = 50;

/**
 * Runs `operation` on every session `filter` matches now (rows built afresh, not the shared
 * cache: the check is against this moment), refusing with the new count when it is not
 * `confirmCount` or is over the cap. The sessions go through {@link executeManualOperation} in
 * chunks — the previews and actions of the selection's path, each audited — and a chunk that
 * fails (the cluster or database unreadable) marks its sessions with the error, never the rest.
 * One `sessions.bulk_over_filter` event records the filter, the count and the results.
 */
export async function runBulkOverFilter(input: {
  operation: ManualOperation;
  filter: SessionsFilter;
  confirmCount: number;
  actor: Actor;
  deps: ManualDeps;
}): Promise<{ matched: number; items: FilterOperationItem[] }> {
  const { operation, filter, actor, deps } = input;
  const now = deps.clock();
  invalidateSessionRows();
  const { rows } = await loadSessionRows(now);
  const targets = deriveFilterTargets(rows, filter, input.confirmCount);
  if (!targets.ok) throw invalidError("filter_count_changed", targets.refusal);
  const items: FilterOperationItem[] = [];
  for (let i = 0; i < targets.sessionIds.length; i += chunkSize) {
    const ids = targets.sessionIds.slice(i, i + chunkSize);
    try {
      items.push(...(await executeManualOperation(operation, ids, actor, deps)));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      items.push(...ids.map((sessionId) => ({ sessionId, description: "", error: message })));
    }
  }
  const count = (test: (item: FilterOperationItem) => boolean) => items.filter(test).length;
  await recordAudit({
    actor,
    action: "sessions.bulk_over_filter",
    details: {
      operation,
      filter: deriveFilterRecord(filter),
      matched: targets.sessionIds.length,
      applied: count((i) => i.outcome?.status === "applied"),
      skipped: count((i) => i.outcome?.status === "skipped"),
      failed: count((i) => !!i.error || i.outcome?.status === "failed"),
      refused: count((i) => !!i.refusal),
    },
    now: deps.clock(),
  });
  return { matched: targets.sessionIds.length, items };
}
