import type { V1Container, V1ContainerStateTerminated, V1Pod, V1PodCondition } from "@kubernetes/client-node";

/** The READY, STATUS and RESTARTS columns of `kubectl get pods`. */
export interface PrintedPodStatus {
  status: string;
  readyContainers: number;
  totalContainers: number;
  restarts: number;
}

/** Set by the node lifecycle controller on pods of a lost node; kubectl prints such a pod as "Unknown". */
const NODE_UNREACHABLE_POD_REASON = "NodeLost";

/**
 * The STATUS, READY and RESTARTS that `kubectl get pods` prints for a pod.
 *
 * A line-by-line port of `printPod` in kubernetes/pkg/printers/internalversion/printers.go (the same logic
 * Headlamp's frontend/src/lib/k8s/pod.ts follows), so the dashboard never disagrees with the terminal:
 * https://github.com/kubernetes/kubernetes/blob/master/pkg/printers/internalversion/printers.go
 * The printer is also what the API server uses for `kubectl get` tables, hence the exact precedence below.
 */
export function derivePodStatus(pod: V1Pod): PrintedPodStatus {
  const conditions = pod.status?.conditions ?? [];
  // A pod without a phase has not been seen by the API server's defaulting; "Unknown" is the honest answer.
  const phase = pod.status?.phase ?? "Unknown";
  let reason = pod.status?.reason || phase;
  if (conditions.some((c) => c.type === "PodScheduled" && c.reason === "SchedulingGated")) {
    reason = "SchedulingGated";
  }

  const init = walkInitContainers(pod);
  reason = init.reason ?? reason;
  let restarts = init.restarts;
  let readyContainers = init.readyContainers;
  if (!init.initializing || isConditionTrue(conditions, "Initialized")) {
    const main = walkContainers(pod);
    restarts = init.restartableRestarts + main.restarts;
    readyContainers += main.readyContainers;
    reason = main.reason ?? reason;
    // A pod whose first container completed while another still runs is still serving.
    if (reason === "Completed" && main.hasRunning) {
      reason = isConditionTrue(conditions, "Ready") ? "Running" : "NotReady";
    }
  }

  const deleting = pod.metadata?.deletionTimestamp !== undefined && pod.metadata.deletionTimestamp !== null;
  if (deleting && pod.status?.reason === NODE_UNREACHABLE_POD_REASON) {
    reason = "Unknown";
  } else if (deleting && phase !== "Succeeded" && phase !== "Failed") {
    reason = "Terminating";
  }
  return { status: reason, readyContainers, totalContainers: init.totalContainers, restarts };
}

/**
 * The init containers as kubectl reads them: sidecars (restartPolicy Always) count as regular
 * containers in READY; the first one not done names the reason (`Init:…`) and the pod is
 * initializing.
 */
function walkInitContainers(pod: V1Pod) {
  const initContainers = pod.spec?.initContainers ?? [];
  let totalContainers = pod.spec?.containers.length ?? 0;
  const initSpecs = new Map<string, V1Container>();
  for (const container of initContainers) {
    initSpecs.set(container.name, container);
    if (isRestartable(container)) totalContainers++;
  }
  const walked = {
    totalContainers,
    readyContainers: 0,
    restarts: 0,
    restartableRestarts: 0,
    initializing: false,
    reason: undefined as string | undefined,
  };
  for (const [index, container] of (pod.status?.initContainerStatuses ?? []).entries()) {
    walked.restarts += container.restartCount;
    const restartable = isRestartable(initSpecs.get(container.name));
    if (restartable) walked.restartableRestarts += container.restartCount;
    const terminated = container.state?.terminated;
    const waiting = container.state?.waiting;
    if (terminated && terminated.exitCode === 0) continue;
    if (restartable && container.started === true) {
      if (container.ready) walked.readyContainers++;
      continue;
    }
    if (terminated) {
      walked.reason = terminated.reason
        ? `Init:${terminated.reason}`
        : `Init:${unnamedTermination(terminated)}`;
    } else if (waiting?.reason && waiting.reason !== "PodInitializing") {
      walked.reason = `Init:${waiting.reason}`;
    } else {
      walked.reason = `Init:${index}/${initContainers.length}`;
    }
    walked.initializing = true;
    break;
  }
  return walked;
}

/** The regular containers, walked backwards as kubectl does, so the first container's reason wins. */
function walkContainers(pod: V1Pod) {
  const walked = {
    restarts: 0,
    readyContainers: 0,
    hasRunning: false,
    reason: undefined as string | undefined,
  };
  const statuses = pod.status?.containerStatuses ?? [];
  for (let i = statuses.length - 1; i >= 0; i--) {
    const container = statuses[i];
    if (!container) continue;
    walked.restarts += container.restartCount;
    const waiting = container.state?.waiting;
    const terminated = container.state?.terminated;
    if (waiting?.reason) {
      walked.reason = waiting.reason;
    } else if (terminated?.reason) {
      walked.reason = terminated.reason;
    } else if (terminated) {
      walked.reason = unnamedTermination(terminated);
    } else if (container.ready && container.state?.running) {
      walked.hasRunning = true;
      walked.readyContainers++;
    }
  }
  return walked;
}

/** kubectl's text for a container that terminated without a reason: `Signal:N` or `ExitCode:N`. */
export function unnamedTermination(terminated: V1ContainerStateTerminated): string {
  return terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode}`;
}

function isRestartable(container: V1Container | undefined): boolean {
  return container?.restartPolicy === "Always";
}

function isConditionTrue(conditions: V1PodCondition[], type: string): boolean {
  return conditions.some((c) => c.type === type && c.status === "True");
}
