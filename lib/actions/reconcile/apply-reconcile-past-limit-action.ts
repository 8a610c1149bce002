"use server";

import { defineAction } from "@/lib/actions/define-action";
import { runReconcileInServer } from "@/lib/reconcile/server";
import { applyReconcileInput } from "./schemas";

/**
 * "Reconcile now" past the blast-radius limit: admins only (`reconcile:override`), and only the
 * plan they previewed, by its hash — a re-planned plan nobody read is never applied.
 */
export const applyReconcilePastLimitAction = defineAction(
  "reconcile/apply-reconcile-past-limit",
  applyReconcileInput,
  async ({ planHash }, { actor }) =>
    runReconcileInServer({
      trigger: "ui",
      actorId: actor.id,
      dryRun: false,
      previewedPlanHash: planHash,
      allowLargeRun: true,
    }),
);
