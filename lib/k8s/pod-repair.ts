import {
  CoreV1Api,
  PatchStrategy,
  setHeaderOptions,
  type KubeConfig,
  type V1Node,
  type V1Pod,
} from "@kubernetes/client-node";
import { statusOf } from "./session-objects";
import { kubernetesCallTimeoutMs, withTimeout } from "./timeout";

/** One pod, by namespace and name. */
export interface PodName {
  namespace: string;
  name: string;
}

/**
 * What a repair call came to. `conflict`: the API server refused the precondition (409): the pod
 * changed since the version the admin looked at. `forbidden`: our service account lacks the verb (403).
 */
export type PodRepairCallResult = "done" | "gone" | "conflict" | "forbidden";

async function answer(call: Promise<unknown>, what: string): Promise<PodRepairCallResult> {
  try {
    await withTimeout(call, kubernetesCallTimeoutMs, what);
    return "done";
  } catch (error) {
    switch (statusOf(error)) {
      case 404:
        return "gone";
      case 409:
        return "conflict";
      case 403:
        return "forbidden";
      default:
        throw error;
    }
  }
}

/** Reads one pod afresh; `undefined` when it is gone (404). */
export async function getPod(kubeConfig: KubeConfig, pod: PodName): Promise<V1Pod | undefined> {
  try {
    return await withTimeout(
      kubeConfig.makeApiClient(CoreV1Api).readNamespacedPod(pod),
      kubernetesCallTimeoutMs,
      `read pod ${pod.namespace}/${pod.name}`,
    );
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw error;
  }
}

/**
 * Reads one Node: `null` when there is no such Node (404), `{ error }` when it could not be read
 * (403 without the chart's node permission, or the API unreachable) — unknown, never taken for alive.
 */
export async function getNode(
  kubeConfig: KubeConfig,
  name: string,
  timeoutMs = kubernetesCallTimeoutMs,
): Promise<V1Node | null | { error: string }> {
  try {
    return await withTimeout(
      kubeConfig.makeApiClient(CoreV1Api).readNode({ name }),
      timeoutMs,
      `read node ${name}`,
    );
  } catch (error) {
    if (statusOf(error) === 404) return null;
    return { error: statusOf(error) === 403 ? "forbidden (403)" : (error as Error).message };
  }
}

/**
 * Empties a pod's `metadata.finalizers` with a merge patch that carries `metadata.resourceVersion`:
 * the API server applies it only to that very version and answers 409 otherwise, so a finalizer
 * added (or anything changed) since the admin looked is never dropped unseen.
 */
export function removePodFinalizers(
  kubeConfig: KubeConfig,
  pod: PodName & { resourceVersion: string },
): Promise<PodRepairCallResult> {
  const body = { metadata: { resourceVersion: pod.resourceVersion, finalizers: null } };
  return answer(
    kubeConfig
      .makeApiClient(CoreV1Api)
      .patchNamespacedPod(
        { namespace: pod.namespace, name: pod.name, body },
        setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
      ),
    `remove finalizers of pod ${pod.namespace}/${pod.name}`,
  );
}

/**
 * Deletes a pod with grace period 0 (what `kubectl delete --force --grace-period=0` does), only if
 * it is still the object and version looked at (`preconditions` uid and resourceVersion → 409).
 * The API forgets the pod at once; its finalizers, if any, still hold it.
 */
export function forceDeletePod(
  kubeConfig: KubeConfig,
  pod: PodName & { uid: string; resourceVersion: string },
): Promise<PodRepairCallResult> {
  return answer(
    kubeConfig.makeApiClient(CoreV1Api).deleteNamespacedPod({
      namespace: pod.namespace,
      name: pod.name,
      gracePeriodSeconds: 0,
      body: { gracePeriodSeconds: 0, preconditions: { uid: pod.uid, resourceVersion: pod.resourceVersion } },
    }),
    `force delete pod ${pod.namespace}/${pod.name}`,
  );
}
