import { AppsV1Api, CoreV1Api, type KubeConfig } from "@kubernetes/client-node";
import { statusOf } from "./session-objects";

export interface DeletableRef {
  kind: "Deployment" | "Service" | "Pod";
  namespace: string;
  name: string;
}

/**
 * Deletes one object; NotFound counts as done ("already gone"). Deployments go with background
 * propagation, so their ReplicaSets and Pods follow through garbage collection.
 */
export async function deleteObject(
  kubeConfig: KubeConfig,
  ref: DeletableRef,
): Promise<"deleted" | "already_gone"> {
  try {
    switch (ref.kind) {
      case "Deployment":
        await kubeConfig.makeApiClient(AppsV1Api).deleteNamespacedDeployment({
          name: ref.name,
          namespace: ref.namespace,
          propagationPolicy: "Background",
        });
        break;
      case "Service":
        await kubeConfig
          .makeApiClient(CoreV1Api)
          .deleteNamespacedService({ name: ref.name, namespace: ref.namespace });
        break;
      case "Pod":
        await kubeConfig
          .makeApiClient(CoreV1Api)
          .deleteNamespacedPod({ name: ref.name, namespace: ref.namespace });
        break;
      default: {
        const unknown: never = ref.kind;
        throw new Error(`cannot delete kind ${String(unknown)}`);
      }
    }
    return "deleted";
  } catch (error) {
    if (statusOf(error) === 404) return "already_gone";
    throw error;
  }
}
