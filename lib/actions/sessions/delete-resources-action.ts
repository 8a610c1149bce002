"use server";

import { defineAction } from "@/lib/actions/define-action";
import { executeManualOperation } from "@/lib/reconcile/manual";
import { getReconcileDeps } from "@/lib/reconcile/server";
import { sessionIdsInput } from "./schemas";

/** Delete the objects left by ended sessions or of session ids with no row. One result per session; audited with the admin as actor. */
export const deleteResourcesAction = defineAction(
  "sessions/delete-resources",
  sessionIdsInput,
  async ({ sessionIds }, { actor }) =>
    executeManualOperation("delete-resources", sessionIds, actor, await getReconcileDeps()),
);
