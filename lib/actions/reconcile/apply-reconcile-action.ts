"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { runReconcileInServer } from "@/lib/reconcile/server";

/**
 * "Reconcile now", step two: a real pass. It re-plans from the current state (never replays a
 * stale preview); `allowLargeRun` is the admin's explicit confirmation past the blast-radius limit.
 */
export const applyReconcileAction = defineAction(
  "reconcile/apply-reconcile",
  z.object({ allowLargeRun: z.boolean().default(false) }).strict(),
  async ({ allowLargeRun }, { actor }) =>
    runReconcileInServer({ trigger: "ui", actorId: actor.id, dryRun: false, allowLargeRun }),
);
