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
  const spec = pod.spec;
  const status = pod.status;
  const conditions = status?.conditions ?? [];
  const initContainers = spec?.initContainers ?? [];

  let restarts = 0;
  let restartableInitContainerRestarts = 0;
  let totalContainers = spec?.containers.length ?? 0;
  let readyContainers = 0;

  // A pod without a phase has not been seen by the API server's defaulting; "Unknown" is the honest answer.
  const phase = status?.phase ?? "Unknown";
  let reason = status?.reason || phase;

  if (conditions.some((c) => c.type === "PodScheduled" && c.reason === "SchedulingGated")) {
    reason = "SchedulingGated";
  }

  // Sidecars (init containers with restartPolicy Always) count as regular containers in READY.
  const initSpecs = new Map<string, V1Container>();
  for (const container of initContainers) {
    initSpecs.set(container.name, container);
    if (isRestartable(container)) totalContainers++;
  }

  let initializing = false;
  const initStatuses = status?.initContainerStatuses ?? [];
  for (const [index, container] of initStatuses.entries()) {
    restarts += container.restartCount;
    const restartable = isRestartable(initSpecs.get(container.name));
    if (restartable) restartableInitContainerRestarts += container.restartCount;

    const terminated = container.state?.terminated;
    const waiting = container.state?.waiting;
    if (terminated && terminated.exitCode === 0) continue;
    if (restartable && container.started === true) {
      if (container.ready) readyContainers++;
      continue;
    }
    if (terminated) {
      reason = terminated.reason ? `Init:${terminated.reason}` : `Init:${unnamedTermination(terminated)}`;
    } else if (waiting?.reason && waiting.reason !== "PodInitializing") {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${index}/${initContainers.length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || isConditionTrue(conditions, "Initialized")) {
    restarts = restartableInitContainerRestarts;
    let hasRunning = false;
    const statuses = status?.containerStatuses ?? [];
    // Walked backwards, as kubectl does, so the first container's reason wins.
    for (let i = statuses.length - 1; i >= 0; i--) {
      const container = statuses[i];
      if (!container) continue;
      restarts += container.restartCount;
      const waiting = container.state?.waiting;
      const terminated = container.state?.terminated;
      if (waiting?.reason) {
        reason = waiting.reason;
      } else if (terminated?.reason) {
        reason = terminated.reason;
      } else if (terminated) {
        reason = unnamedTermination(terminated);
      } else if (container.ready && container.state?.running) {
        hasRunning = true;
        readyContainers++;
      }
    }

    // A pod whose first container completed while another still runs is still serving.
    if (reason === "Completed" && hasRunning) {
      reason = isConditionTrue(conditions, "Ready") ? "Running" : "NotReady";
    }
  }

  const deleting = pod.metadata?.deletionTimestamp !== undefined && pod.metadata.deletionTimestamp !== null;
  if (deleting && status?.reason === NODE_UNREACHABLE_POD_REASON) {
    reason = "Unknown";
  } else if (deleting && phase !== "Succeeded" && phase !== "Failed") {
    reason = "Terminating";
  }

  return { status: reason, readyContainers, totalContainers, restarts };
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
