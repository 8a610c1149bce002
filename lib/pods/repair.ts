import type { KubeConfig, V1Pod } from "@kubernetes/client-node";
import type { Actor } from "@/lib/db/queries/audit";
import { conflictError, DomainError, forbiddenError, invalidError } from "@/lib/errors";
import {
  derivePodRepairRefusal,
  deriveNodeLoss,
  FORCE_DELETE_WARNING,
  type PodOwnership,
} from "@/lib/k8s/model/pod-repair";
import {
  forceDeletePod,
  getNode,
  getPod,
  removePodFinalizers,
  type PodRepairCallResult,
} from "@/lib/k8s/pod-repair";

/** What a pod repair needs; built for the server process by lib/pods/server.ts, by tests with their own. */
export interface PodRepairDeps {
  kubeConfig: KubeConfig;
  installation: string;
  installationId: string;
  sessionLabelKey: string;
  /** How long past its deletion deadline a pod may linger before it is stuck (POD_TERMINATING_MARGIN_SECONDS). */
  marginSeconds: number;
  recordAudit: (event: {
    actor: Actor;
    action: string;
    sessionId: string;
    details: Record<string, unknown>;
    now: Date;
  }) => Promise<void>;
  clock: () => Date;
  /** Told after a pod changed (the dashboard's shared rows). */
  onChanged?: () => void;
}

/** The pod the admin looked at: by name, and the `resourceVersion` the page showed. */
export interface PodRepairRequest {
  sessionId: string;
  namespace: string;
  name: string;
  resourceVersion: string;
}

type Repair = "remove-finalizers" | "force-delete";
const failedAction: Record<Repair, string> = {
  "remove-finalizers": "pod.finalizers_remove_failed",
  "force-delete": "pod.force_delete_failed",
};

/** Audits a refused or failed repair with its error, then throws it for the action to answer. */
async function refuse(
  repair: Repair,
  request: PodRepairRequest,
  actor: Actor,
  deps: PodRepairDeps,
  error: DomainError,
): Promise<never> {
  await deps.recordAudit({
    actor,
    action: failedAction[repair],
    sessionId: request.sessionId,
    details: { pod: request.name, namespace: request.namespace, error: error.message },
    now: deps.clock(),
  });
  throw error;
}

/** The pod read afresh and judged: ours, this session's, Terminating past its grace — or refused. */
async function getRepairablePod(
  repair: Repair,
  request: PodRepairRequest,
  actor: Actor,
  deps: PodRepairDeps,
): Promise<V1Pod> {
  const ownership: PodOwnership = {
    installation: deps.installation,
    installationId: deps.installationId,
    sessionLabelKey: deps.sessionLabelKey,
    sessionId: request.sessionId,
  };
  const pod = await getPod(deps.kubeConfig, request).catch((error: Error) =>
    refuse(
      repair,
      request,
      actor,
      deps,
      invalidError("unreadable", `pod could not be read: ${error.message}`),
    ),
  );
  if (!pod)
    return refuse(
      repair,
      request,
      actor,
      deps,
      conflictError("gone", `pod ${request.namespace}/${request.name} is gone already; reload`),
    );
  const refusal = derivePodRepairRefusal(pod, {
    ownership,
    now: deps.clock(),
    marginSeconds: deps.marginSeconds,
  });
  if (refusal) return refuse(repair, request, actor, deps, invalidError("not_repairable", refusal));
  return pod;
}

/** The message for a call the API server refused, or `undefined` when it was done. */
function describeCallFailure(result: PodRepairCallResult, verb: "patch" | "delete"): DomainError | undefined {
  switch (result) {
    case "done":
      return undefined;
    case "gone":
      return conflictError("gone", "the pod is gone already; reload");
    case "conflict":
      return conflictError("changed", "the pod changed since you looked; reload");
    case "forbidden":
      return forbiddenError(
        verb === "patch"
          ? "this installation's service account may not patch pods: the chart's rbac.podRepair is off"
          : "this installation's service account may not delete pods (see chart/templates/rbac.yaml)",
      );
  }
}

/** Runs one Kubernetes call of a repair; an unexpected error is audited and answered as a message. */
async function call(
  repair: Repair,
  request: PodRepairRequest,
  actor: Actor,
  deps: PodRepairDeps,
  effect: () => Promise<PodRepairCallResult>,
): Promise<void> {
  const result = await effect().catch((error: Error) =>
    refuse(repair, request, actor, deps, invalidError("failed", `the API server refused: ${error.message}`)),
  );
  const failure = describeCallFailure(result, repair === "remove-finalizers" ? "patch" : "delete");
  if (failure) await refuse(repair, request, actor, deps, failure);
}

/**
 * "Remove finalizers": empties the finalizers of one stuck pod of ours, only at the version the
 * admin looked at (409 → "the pod changed since you looked"). Audited as `pod.finalizers_removed`
 * with the list; a refusal or failure as `pod.finalizers_remove_failed` with the error.
 */
export async function executeRemovePodFinalizers(
  request: PodRepairRequest,
  actor: Actor,
  deps: PodRepairDeps,
): Promise<{ finalizers: string[] }> {
  const pod = await getRepairablePod("remove-finalizers", request, actor, deps);
  const finalizers = [...(pod.metadata?.finalizers ?? [])];
  if (finalizers.length === 0) {
    const error = invalidError("no_finalizers", `pod ${request.name} holds no finalizers: use Force delete`);
    return refuse("remove-finalizers", request, actor, deps, error);
  }
  await call("remove-finalizers", request, actor, deps, () => removePodFinalizers(deps.kubeConfig, request));
  await deps.recordAudit({
    actor,
    action: "pod.finalizers_removed",
    sessionId: request.sessionId,
    details: {
      pod: request.name,
      namespace: request.namespace,
      finalizers,
      resourceVersion: request.resourceVersion,
    },
    now: deps.clock(),
  });
  deps.onChanged?.();
  return { finalizers };
}

/**
 * "Force delete": deletes one stuck pod of ours with grace period 0, only if it is still the object
 * and version the admin looked at. Answers Kubernetes' own warning and, when the pod's node is
 * lost, that its process may still run there. Audited as `pod.force_deleted`; a refusal or failure
 * as `pod.force_delete_failed` with the error.
 */
export async function executeForceDeletePod(
  request: PodRepairRequest,
  actor: Actor,
  deps: PodRepairDeps,
): Promise<{ warning: string; nodeLoss?: string; finalizers: string[] }> {
  const pod = await getRepairablePod("force-delete", request, actor, deps);
  const nodeName = pod.spec?.nodeName;
  const node = nodeName ? await getNode(deps.kubeConfig, nodeName) : undefined;
  const nodeLoss =
    !nodeName || node === undefined
      ? undefined
      : node !== null && "error" in node
        ? `its node ${nodeName} could not be read (${node.error}): the process may still run there`
        : deriveNodeLoss(nodeName, node, deps.clock());
  const uid = pod.metadata!.uid!;
  await call("force-delete", request, actor, deps, () =>
    forceDeletePod(deps.kubeConfig, { ...request, uid }),
  );
  // Finalizers still hold a force-deleted pod in the API: said, so nobody waits for nothing.
  const finalizers = [...(pod.metadata?.finalizers ?? [])];
  await deps.recordAudit({
    actor,
    action: "pod.force_deleted",
    sessionId: request.sessionId,
    details: {
      pod: request.name,
      namespace: request.namespace,
      uid,
      resourceVersion: request.resourceVersion,
      ...(nodeName ? { node: nodeName } : {}),
      ...(nodeLoss ? { nodeLoss } : {}),
      ...(finalizers.length ? { finalizers } : {}),
    },
    now: deps.clock(),
  });
  deps.onChanged?.();
  return { warning: FORCE_DELETE_WARNING, ...(nodeLoss ? { nodeLoss } : {}), finalizers };
}
