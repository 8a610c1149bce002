import {
  AppsV1Api,
  CoreV1Api,
  PatchStrategy,
  setHeaderOptions,
  type KubeConfig,
} from "@kubernetes/client-node";
import type { ObjectRef } from "./model/object-ref";
import { statusOf } from "./session-objects";
import { kubernetesCallTimeoutMs, withTimeout } from "./timeout";

/** What a patch came to: done, the object gone (NotFound), or changed since the decision (409). */
export type PatchResult = "patched" | "already_gone" | "conflict";

/** One patch of an object's marks: annotations to set (null removes one) and a Deployment's replicas. */
export interface MarksPatch {
  annotations: Record<string, string | null>;
  /** Deployments only: the replicas to scale to (0 to quarantine, the old count to restore). */
  replicas?: number;
}

/**
 * Patches one object's annotations (and a Deployment's `spec.replicas`) in one JSON merge patch,
 * so the scale and the marks that explain it land together or not at all. The patch carries the
 * ref's `resourceVersion` (the decision's), which the API server checks: an object changed or
 * replaced since answers 409 (`conflict`) and is left as it is; it names the ref's uid too, so a
 * newer object of that name is never patched. NotFound is `already_gone`.
 * Scaling through `spec.replicas` rather than the scale subresource keeps that precondition and
 * the marks in the same write.
 */
export async function patchObjectMarks(
  kubeConfig: KubeConfig,
  ref: ObjectRef,
  patch: MarksPatch,
): Promise<PatchResult> {
  const body = {
    metadata: {
      annotations: patch.annotations,
      // uid is immutable: a patch naming another uid than the object's is refused, never applied.
      uid: ref.uid,
      ...(ref.resourceVersion ? { resourceVersion: ref.resourceVersion } : {}),
    },
    ...(ref.kind === "Deployment" && patch.replicas !== undefined
      ? { spec: { replicas: patch.replicas } }
      : {}),
  };
  const options = setHeaderOptions("Content-Type", PatchStrategy.MergePatch);
  const { name, namespace } = ref;
  const call = (): Promise<unknown> => {
    switch (ref.kind) {
      case "Deployment":
        return kubeConfig
          .makeApiClient(AppsV1Api)
          .patchNamespacedDeployment({ name, namespace, body }, options);
      case "Service":
        return kubeConfig.makeApiClient(CoreV1Api).patchNamespacedService({ name, namespace, body }, options);
      case "Pod":
        return kubeConfig.makeApiClient(CoreV1Api).patchNamespacedPod({ name, namespace, body }, options);
      default: {
        const unknown: never = ref.kind;
        throw new Error(`cannot patch kind ${String(unknown)}`);
      }
    }
  };
  try {
    await withTimeout(call(), kubernetesCallTimeoutMs, `patch ${ref.kind} ${namespace}/${name}`);
    return "patched";
  } catch (error) {
    const status = statusOf(error);
    if (status === 404) return "already_gone";
    if (status === 409) return "conflict";
    throw error;
  }
}
