import type { V1Node, V1Pod } from "@kubernetes/client-node";
import { INSTALLATION_ID_ANNOTATION, MANAGED_BY_LABEL } from "./labels";

/** Whose pods a repair may touch: this installation's, of the named session. */
export interface PodOwnership {
  /** This installation's name: the managed-by label's value. */
  installation: string;
  /** This installation's id (born in its database), stamped on every object we create. */
  installationId: string;
  sessionLabelKey: string;
  /** The session the admin is looking at: a pod of another session is not repaired from its page. */
  sessionId: string;
}

/**
 * Kubernetes' own warning for a delete with grace period 0, word for word as kubectl prints it
 * (staging/src/k8s.io/kubectl/pkg/cmd/delete/delete.go): the API forgets the pod at once, the kubelet
 * may never hear of it.
 */
export const FORCE_DELETE_WARNING =
  "Immediate deletion does not wait for confirmation that the running resource has been terminated. " +
  "The resource may continue to run on the cluster indefinitely.";

/**
 * A node's status is refreshed by its kubelet at least every 5 minutes even when nothing changed
 * (nodeStatusReportFrequency); twice that without a heartbeat is a node nobody speaks for.
 */
export const NODE_HEARTBEAT_STALE_SECONDS = 600;

/**
 * Why a repair must not touch `pod`, or `undefined` when it may: the pod must be ours (managed-by
 * label and our installation id, as for every delete), of the session asked about, and actually
 * Terminating past its grace period plus `marginSeconds`. Judged on a fresh read, never the page's copy.
 */
export function derivePodRepairRefusal(
  pod: V1Pod,
  input: { ownership: PodOwnership; now: Date; marginSeconds: number },
): string | undefined {
  const { ownership, now, marginSeconds } = input;
  const meta = pod.metadata ?? {};
  const name = `pod ${meta.namespace}/${meta.name}`;
  if (meta.labels?.[MANAGED_BY_LABEL] !== ownership.installation)
    return `${name} is not managed by this installation (label ${MANAGED_BY_LABEL}): left alone`;
  if (meta.annotations?.[INSTALLATION_ID_ANNOTATION] !== ownership.installationId)
    return `${name} does not carry this installation's id: left alone`;
  if (meta.labels?.[ownership.sessionLabelKey] !== ownership.sessionId)
    return `${name} is not a pod of session ${ownership.sessionId}: left alone`;
  const deadline = meta.deletionTimestamp ? new Date(meta.deletionTimestamp) : undefined;
  if (!deadline || Number.isNaN(deadline.getTime())) return `${name} is not Terminating: nothing to repair`;
  const overdueSeconds = (now.getTime() - deadline.getTime()) / 1000;
  if (overdueSeconds <= marginSeconds)
    return `${name} is Terminating but still within its grace period (and ${marginSeconds}s margin): wait for it`;
  return undefined;
}

/**
 * Why the node a pod runs on is lost — missing, NotReady/Unknown, or silent past
 * {@link NODE_HEARTBEAT_STALE_SECONDS} — or `undefined` when it looks alive. `node` is `null` when the
 * API answered NotFound. A lost node's kubelet may still run the pod's process: force delete says so.
 */
export function deriveNodeLoss(
  nodeName: string,
  node: V1Node | null,
  now: Date,
  staleSeconds = NODE_HEARTBEAT_STALE_SECONDS,
): string | undefined {
  const lost = (why: string) => `its node ${nodeName} is lost: the process may still run there (${why})`;
  if (!node) return lost("no such Node");
  const ready = node.status?.conditions?.find((c) => c.type === "Ready");
  if (!ready || ready.status !== "True") return lost(`Ready is ${ready?.status ?? "not reported"}`);
  const heartbeat = ready.lastHeartbeatTime ? new Date(ready.lastHeartbeatTime) : undefined;
  if (heartbeat && (now.getTime() - heartbeat.getTime()) / 1000 > staleSeconds)
    return lost(`no heartbeat since ${heartbeat.toISOString()}`);
  return undefined;
}
