import { AppsV1Api, CoreV1Api, type KubeConfig, type V1DeleteOptions } from "@kubernetes/client-node";
import type { ObjectRef } from "./model/object-ref";
import { statusOf } from "./session-objects";
import { kubernetesCallTimeoutMs, withTimeout } from "./timeout";

/**
 * What a delete came to: gone now, gone before, or `conflict`: the name holds another object, or
 * (with a pinned resourceVersion) the object changed since the decision — either way not touched.
 */
export type DeleteResult = "deleted" | "already_gone" | "conflict";

/**
 * Deletes one object, only if it is still the object the decision was about: the delete carries
 * `preconditions.uid` (and `resourceVersion` when the ref pins one), so a newer object of the same
 * name, or one changed since the decision, answers 409 (`conflict`) and stays.
 * NotFound counts as done (`already_gone`). Deployments go with background propagation, so their
 * ReplicaSets and Pods follow through garbage collection.
 */
export async function deleteObject(kubeConfig: KubeConfig, ref: ObjectRef): Promise<DeleteResult> {
  const body: V1DeleteOptions = {
    preconditions: { uid: ref.uid, ...(ref.resourceVersion ? { resourceVersion: ref.resourceVersion } : {}) },
  };
  const { name, namespace } = ref;
  const call = (): Promise<unknown> => {
    switch (ref.kind) {
      case "Deployment":
        return kubeConfig
          .makeApiClient(AppsV1Api)
          .deleteNamespacedDeployment({ name, namespace, body, propagationPolicy: "Background" });
      case "Service":
        return kubeConfig.makeApiClient(CoreV1Api).deleteNamespacedService({ name, namespace, body });
      case "Pod":
        return kubeConfig.makeApiClient(CoreV1Api).deleteNamespacedPod({ name, namespace, body });
      default: {
        const unknown: never = ref.kind;
        throw new Error(`cannot delete kind ${String(unknown)}`);
      }
    }
  };
  try {
    await withTimeout(call(), kubernetesCallTimeoutMs, `delete ${ref.kind} ${namespace}/${name}`);
    return "deleted";
  } catch (error) {
    const status = statusOf(error);
    if (status === 404) return "already_gone";
    if (status === 409) return "conflict";
    throw error;
  }
}
