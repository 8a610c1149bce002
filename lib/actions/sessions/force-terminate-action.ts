"use server";

import { defineAction } from "@/lib/actions/define-action";
import { executeManualOperation } from "@/lib/reconcile/manual";
import { getReconcileDeps } from "@/lib/reconcile/server";
import { sessionIdsInput } from "./schemas";

/** Force-terminate sessions: terminated (admin_forced), open commands withdrawn, objects deleted. One result per session; audited with the admin as actor. */
export const forceTerminateAction = defineAction(
  "sessions/force-terminate",
  sessionIdsInput,
  async ({ sessionIds }, { actor }) =>
    executeManualOperation("force-terminate", sessionIds, actor, await getReconcileDeps()),
);
