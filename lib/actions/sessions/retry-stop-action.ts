"use server";

import { defineAction } from "@/lib/actions/define-action";
import { executeManualOperation } from "@/lib/reconcile/manual";
import { getReconcileDeps } from "@/lib/reconcile/server";
import { sessionIdsInput } from "./schemas";

/** Retry the stop of terminating sessions: a new stop command for their agent. One result per session; audited with the admin as actor. */
export const retryStopAction = defineAction(
  "sessions/retry-stop",
  sessionIdsInput,
  async ({ sessionIds }, { actor }) =>
    executeManualOperation("retry-stop", sessionIds, actor, await getReconcileDeps()),
);
