import { randomBytes } from "node:crypto";
import { CoreV1Api, type KubeConfig, type V1Pod } from "@kubernetes/client-node";
import { waitFor } from "./kube";

// Importable from vitest and Playwright alike: no server-only code.

/** The finalizer our tests hold pods with: nobody in the cluster ever removes it but us. */
export const HOLD_FINALIZER = "example.com/hold";

/**
 * Makes a pod stuck in Terminating for real, then answers it as the API server has it:
 * - `on: "lost-node"`: bound to a Node that does not exist (a lost node). No kubelet (and no KWOK,
 *   which manages only the nodes that exist) ever confirms its end, so it stays Terminating — until
 *   kube-controller-manager's pod GC force-deletes orphans of missing nodes (about 40 s on), which a
 *   finalizer survives;
 * - `on: "kwok"`: scheduled on one of KWOK's nodes, which finishes the deletion at once, so only
 *   the finalizer holds it.
 * It is deleted with a 1 s grace period, so it is past its grace almost at once.
 */
export async function makeStuckPod(
  kubeConfig: KubeConfig,
  input: {
    namespace: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
    on: "lost-node" | "kwok";
    finalizer: boolean;
    name?: string;
  },
): Promise<V1Pod> {
  const core = kubeConfig.makeApiClient(CoreV1Api);
  await core.createNamespace({ body: { metadata: { name: input.namespace } } }).catch(() => undefined);
  const name = input.name ?? `${input.labels.session ?? "pod"}-stuck-${randomBytes(3).toString("hex")}`;
  const nodeName = input.on === "lost-node" ? `lost-node-${randomBytes(3).toString("hex")}` : undefined;
  await core.createNamespacedPod({
    namespace: input.namespace,
    body: {
      metadata: {
        name,
        labels: input.labels,
        annotations: input.annotations,
        ...(input.finalizer ? { finalizers: [HOLD_FINALIZER] } : {}),
      },
      spec: {
        ...(nodeName ? { nodeName } : {}),
        terminationGracePeriodSeconds: 1,
        containers: [{ name: "main", image: "registry.example/ws:1" }],
      },
    },
  });
  if (input.on === "kwok")
    await waitFor(`pod ${name} running on a KWOK node`, async () => {
      const pod = await core.readNamespacedPod({ namespace: input.namespace, name });
      return pod.status?.phase === "Running" ? pod : undefined;
    });
  await core.deleteNamespacedPod({ namespace: input.namespace, name, gracePeriodSeconds: 1 });
  return waitFor(`pod ${name} Terminating`, async () => {
    const pod = await core.readNamespacedPod({ namespace: input.namespace, name });
    return pod.metadata?.deletionTimestamp ? pod : undefined;
  });
}

/** Whether the pod is gone from the API (404), waiting a little for the API server to finish. */
export async function podGone(kubeConfig: KubeConfig, namespace: string, name: string): Promise<boolean> {
  const core = kubeConfig.makeApiClient(CoreV1Api);
  return waitFor(
    `pod ${name} gone`,
    () =>
      core.readNamespacedPod({ namespace, name }).then(
        () => undefined,
        (error: { code?: number }) => (error.code === 404 ? true : undefined),
      ),
    15_000,
  );
}
