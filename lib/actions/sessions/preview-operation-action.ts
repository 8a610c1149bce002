"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { manualOperations, previewManualOperation } from "@/lib/reconcile/manual";
import { getReconcileDeps } from "@/lib/reconcile/server";
import { sessionIdsInput } from "./schemas";

/** What an operation would do to each selected session, said exactly, before the admin confirms. */
export const previewOperationAction = defineAction(
  "sessions/preview-operation",
  sessionIdsInput.extend({ operation: z.enum(manualOperations) }),
  async ({ operation, sessionIds }) =>
    previewManualOperation(operation, sessionIds, await getReconcileDeps()),
);
