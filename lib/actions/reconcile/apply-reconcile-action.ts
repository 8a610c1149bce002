"use server";

import { defineAction } from "@/lib/actions/define-action";
import { runReconcileInServer } from "@/lib/reconcile/server";
import { applyReconcileInput } from "./schemas";

/**
 * "Reconcile now", step two: a real pass that applies the plan previewed (by its hash) — or, when
 * the state has moved past it, does nothing and says so. Within the blast-radius limit only.
 */
export const applyReconcileAction = defineAction(
  "reconcile/apply-reconcile",
  applyReconcileInput,
  async ({ planHash }, { actor }) =>
    runReconcileInServer({ trigger: "ui", actorId: actor.id, dryRun: false, previewedPlanHash: planHash }),
);
