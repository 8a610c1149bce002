"use server";

import { defineAction } from "@/lib/actions/define-action";
import { executeForceDeletePod } from "@/lib/pods/repair";
import { getPodRepairDeps } from "@/lib/pods/server";
import { podRepairInput } from "./schemas";

/** Deletes one stuck pod of ours with grace period 0, at the version the admin saw. Admin only; audited. */
export const forceDeletePodAction = defineAction(
  "pods/force-delete-pod",
  podRepairInput,
  async ({ confirmName: _typed, ...request }, { actor }) =>
    executeForceDeletePod(request, actor, await getPodRepairDeps(request.sessionId)),
);
