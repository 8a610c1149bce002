import "server-only";
import type { V1Pod } from "@kubernetes/client-node";
import type { PodHealth } from "@/lib/health";
import { getKubeConfig } from "@/lib/k8s/client";
import { deriveNodeLoss } from "@/lib/k8s/model/pod-repair";
import { getNode } from "@/lib/k8s/pod-repair";
import { SESSION_EVENTS_TIMEOUT_MS } from "@/lib/k8s/list-events";

/** A pod stuck in Terminating, as the repair dialogs need it: what to confirm, and the node's state. */
export interface StuckPodRepair {
  namespace: string;
  name: string;
  /** The version shown: the repair's precondition, so a pod changed since is refused. */
  resourceVersion: string;
  finalizers: string[];
  nodeName?: string;
  /** "its node n-1 is lost: the process may still run there (…)", when it is. */
  nodeLoss?: string;
}

/** At most this many stuck pods per page get their node read (one `get` per distinct node). */
const MAX_STUCK_PODS = 10;

/**
 * The session's pods (in `cluster`) overdue in Terminating (`health` says which), with their node's state read
 * once per distinct node. A node that cannot be read is said so, never taken for alive.
 */
export async function getStuckPodRepairs(
  cluster: string,
  pods: readonly V1Pod[],
  health: readonly PodHealth[] | undefined,
  now: Date,
): Promise<StuckPodRepair[]> {
  const overdue = new Set((health ?? []).filter((p) => p.terminating?.overdue).map((p) => p.name));
  const stuck = pods.filter((p) => overdue.has(p.metadata?.name ?? "")).slice(0, MAX_STUCK_PODS);
  if (stuck.length === 0) return [];
  const kubeConfig = getKubeConfig(cluster).kubeConfig;
  const nodeNames = [...new Set(stuck.map((p) => p.spec?.nodeName).filter((n): n is string => !!n))];
  const losses = new Map(
    await Promise.all(
      nodeNames.map(async (name) => {
        // A page waits as long for a node as for its Events, no longer.
        const node = await getNode(kubeConfig, name, SESSION_EVENTS_TIMEOUT_MS);
        const loss =
          node !== null && "error" in node
            ? `its node ${name} could not be read (${node.error}): the process may still run there`
            : deriveNodeLoss(name, node, now);
        return [name, loss] as const;
      }),
    ),
  );
  return stuck.map((p) => {
    const nodeName = p.spec?.nodeName;
    const nodeLoss = nodeName ? losses.get(nodeName) : undefined;
    return {
      namespace: p.metadata!.namespace!,
      name: p.metadata!.name!,
      resourceVersion: p.metadata!.resourceVersion ?? "",
      finalizers: [...(p.metadata?.finalizers ?? [])],
      ...(nodeName ? { nodeName } : {}),
      ...(nodeLoss ? { nodeLoss } : {}),
    };
  });
}
