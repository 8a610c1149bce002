import type { ManualOperation } from "@/lib/reconcile/operations";
import type { OperationItem } from "./use-manual-operation";

/** How an operation went, counted per session: what stays on the page after its dialog closes. */
export type OperationSummary = {
  operation: ManualOperation;
  applied: number;
  skipped: number;
  failed: number;
  /** Sessions the preview refused (nothing was tried on them). */
  refused: number;
};

/** Counts each session's result: an error or a failed outcome is a failure. */
export function deriveOperationSummary(operation: ManualOperation, items: OperationItem[]): OperationSummary {
  const summary: OperationSummary = { operation, applied: 0, skipped: 0, failed: 0, refused: 0 };
  for (const item of items) {
    if (item.error || item.outcome?.status === "failed") summary.failed++;
    else if (item.outcome?.status === "applied") summary.applied++;
    else if (item.outcome?.status === "skipped") summary.skipped++;
    else if (item.refusal) summary.refused++;
  }
  return summary;
}

/** Above this many sessions a destructive operation asks for the count (or "delete") to be typed. */
export const typedConfirmationThreshold = 10;

/** Whether confirming `operation` on `count` sessions needs the typed confirmation. */
export function requiresTypedConfirmation(operation: ManualOperation, count: number): boolean {
  // A stop asked again or a restore destroys nothing.
  return operation !== "retry-stop" && operation !== "restore-objects" && count > typedConfirmationThreshold;
}

/** Whether `typed` confirms an operation on `count` sessions: the count itself, or "delete". */
export function matchesTypedConfirmation(typed: string, count: number): boolean {
  const text = typed.trim().toLowerCase();
  return text === String(count) || text === "delete";
}

/**
 * Whether `typed` is the count of sessions a bulk action over a filter will reach: the count
 * itself (digit group separators allowed, "1,000"), nothing else — not even "delete".
 */
export function matchesTypedCount(typed: string, count: number): boolean {
  return typed.trim().replace(/[,\s_]/g, "") === String(count);
}
