"use server";

import { defineAction } from "@/lib/actions/define-action";
import { executeManualOperation } from "@/lib/reconcile/manual";
import { getReconcileDeps } from "@/lib/reconcile/server";
import { sessionIdsInput } from "./schemas";

/** Restore sessions' quarantined objects: scaled back to their replicas, quarantine marks cleared. One result per session; audited (object.restored) with the operator as actor. */
export const restoreObjectsAction = defineAction(
  "sessions/restore-objects",
  sessionIdsInput,
  async ({ sessionIds }, { actor }) =>
    executeManualOperation("restore-objects", sessionIds, actor, await getReconcileDeps()),
);
