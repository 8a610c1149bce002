"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { runReconcileInServer } from "@/lib/reconcile/server";

/** "Reconcile now", step one: a dry run whose plan the admin reads before applying it. */
export const previewReconcileAction = defineAction(
  "reconcile/preview-reconcile",
  z.object({}).strict(),
  async (_input, { actor }) => runReconcileInServer({ trigger: "ui", actorId: actor.id, dryRun: true }),
);
