"use server";

import { defineAction } from "@/lib/actions/define-action";
import { executeRemovePodFinalizers } from "@/lib/pods/repair";
import { getPodRepairDeps } from "@/lib/pods/server";
import { podRepairInput } from "./schemas";

/** Empties the finalizers of one stuck pod of ours, at the version the admin saw. Admin only; audited. */
export const removePodFinalizersAction = defineAction(
  "pods/remove-pod-finalizers",
  podRepairInput,
  async ({ confirmName: _typed, ...request }, { actor }) =>
    executeRemovePodFinalizers(request, actor, await getPodRepairDeps(request.sessionId)),
);
