"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { runBulkOverFilter } from "@/lib/dashboard/run-bulk-over-filter";
import { sessionsFilterSchema } from "@/lib/dashboard/export-query";
import { manualOperations } from "@/lib/reconcile/manual";
import { getReconcileDeps } from "@/lib/reconcile/server";

const bulkOverFilterInput = z
  .object({
    operation: z.enum(manualOperations),
    filter: sessionsFilterSchema,
    confirmCount: z.number().int().min(0).max(1_000_000),
  })
  .strict();

/**
 * An operation on every session the filter matches, resolved on the server at the moment of the
 * call: refused unless the count matches the `confirmCount` the person typed and is within the
 * cap; then the same per-session operation as a bulk selection, one result per session.
 */
export const bulkOverFilterAction = defineAction(
  "sessions/bulk-over-filter",
  bulkOverFilterInput,
  async ({ operation, filter, confirmCount }, { actor }) =>
    runBulkOverFilter({ operation, filter, confirmCount, actor, deps: await getReconcileDeps() }),
);
