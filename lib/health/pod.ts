import type { V1ContainerStatus, V1Pod } from "@kubernetes/client-node";
import { derivePodStatus, unnamedTermination } from "./pod-status";
import { formatDuration } from "@/lib/format/duration";
import { secondsBetween, toDate } from "./time";
import type { ContainerHealth, PodHealth, PodTermination, Severity } from "./types";

export interface DerivePodHealthOptions {
  /** How long past `deletionTimestamp` a pod may linger before it counts as stuck. Default 60. */
  terminatingMarginSeconds?: number;
  /** How long a pod may sit in Pending/ContainerCreating/Init before it is a warning, not info. Default 300. */
  pendingGraceSeconds?: number;
}

const DEFAULT_TERMINATING_MARGIN_SECONDS = 60;
const DEFAULT_PENDING_GRACE_SECONDS = 300;
/** The API server's default for `spec.terminationGracePeriodSeconds`. */
const DEFAULT_TERMINATION_GRACE_SECONDS = 30;

/**
 * Reasons (after an `Init:` prefix is removed) that will not fix themselves without a change to the pod, its
 * image or its node: the kubelet's container waiting/terminated reasons, see
 * https://github.com/kubernetes/kubernetes/blob/master/pkg/kubelet/container/sync_result.go and
 * https://github.com/kubernetes/kubernetes/blob/master/pkg/kubelet/images/types.go
 */
const ERROR_REASONS = new Set([
  "CrashLoopBackOff",
  "ImagePullBackOff",
  "ErrImagePull",
  "ErrImageNeverPull",
  "InvalidImageName",
  "ImageInspectError",
  "RegistryUnavailable",
  "CreateContainerConfigError",
  "CreateContainerError",
  "RunContainerError",
  "StartError",
  "PreStartHookError",
  "PostStartHookError",
  "ContainerCannotRun",
  "ContainerStatusUnknown",
  "OOMKilled",
  "Error",
  "Evicted",
  "DeadlineExceeded",
]);

/** Printed statuses of a pod that is still being set up. */
const STARTING_STATUSES = new Set(["Pending", "ContainerCreating", "PodInitializing", "SchedulingGated"]);

/**
 * Health of one pod: the STATUS `kubectl get pods` would print, plus a severity and a short reason.
 *
 * The status text follows kubectl exactly (see {@link derivePodStatus}); the severity is judged separately so a
 * "Running" pod that is not ready, or a "Terminating" one stuck on a finalizer, is still flagged.
 * Pure: `now` is the only clock.
 */
export function derivePodHealth(pod: V1Pod, now: Date, options: DerivePodHealthOptions = {}): PodHealth {
  const marginSeconds = options.terminatingMarginSeconds ?? DEFAULT_TERMINATING_MARGIN_SECONDS;
  const pendingGraceSeconds = options.pendingGraceSeconds ?? DEFAULT_PENDING_GRACE_SECONDS;
  const printed = derivePodStatus(pod);
  const conditions = pod.status?.conditions ?? [];
  const readyCondition = conditions.find((c) => c.type === "Ready");
  const ready = readyCondition?.status === "True";
  const notReadySince =
    readyCondition?.status === "False" ? toDate(readyCondition.lastTransitionTime) : undefined;
  const terminating = deriveTermination(pod, now, marginSeconds);

  const base = {
    name: pod.metadata?.name ?? "",
    namespace: pod.metadata?.namespace ?? "",
    phase: pod.status?.phase ?? "Unknown",
    ...printed,
    ready,
    ...(pod.spec?.nodeName ? { nodeName: pod.spec.nodeName } : {}),
    ...(notReadySince ? { notReadySince } : {}),
    ...(terminating ? { terminating } : {}),
    containers: deriveContainers(pod),
  };
  const { severity, reason } = classify(pod, base, now, pendingGraceSeconds);
  return { ...base, severity, ...(reason ? { reason } : {}) };
}

/**
 * Termination facts from `deletionTimestamp`. The API server sets it to the time of the delete call plus the
 * grace period, so it is already the deadline; the margin only absorbs kubelet and clock lag.
 * https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination
 */
function deriveTermination(pod: V1Pod, now: Date, marginSeconds: number): PodTermination | undefined {
  const deadline = toDate(pod.metadata?.deletionTimestamp);
  if (!deadline) return undefined;
  const gracePeriodSeconds =
    pod.metadata?.deletionGracePeriodSeconds ??
    pod.spec?.terminationGracePeriodSeconds ??
    DEFAULT_TERMINATION_GRACE_SECONDS;
  const since = new Date(deadline.getTime() - gracePeriodSeconds * 1000);
  return {
    since,
    ageSeconds: Math.max(0, secondsBetween(since, now)),
    gracePeriodSeconds,
    overdue: secondsBetween(deadline, now) > marginSeconds,
    finalizers: [...(pod.metadata?.finalizers ?? [])],
  };
}

/** App containers in spec order; a container the kubelet has not reported yet is "unknown", not "ok". */
function deriveContainers(pod: V1Pod): ContainerHealth[] {
  const statuses = new Map((pod.status?.containerStatuses ?? []).map((s) => [s.name, s]));
  return (pod.spec?.containers ?? []).map((container) => {
    const status = statuses.get(container.name);
    return deriveContainer(container.name, container.image ?? status?.image ?? "", status);
  });
}

function deriveContainer(
  name: string,
  image: string,
  status: V1ContainerStatus | undefined,
): ContainerHealth {
  const health: ContainerHealth = {
    name,
    image,
    ready: status?.ready ?? false,
    restarts: status?.restartCount ?? 0,
    state: "unknown",
  };
  const { running, waiting, terminated } = status?.state ?? {};
  if (running) {
    health.state = "running";
  } else if (waiting) {
    health.state = "waiting";
    if (waiting.reason) health.reason = waiting.reason;
    if (waiting.message) health.message = waiting.message;
  } else if (terminated) {
    health.state = "terminated";
    health.reason = terminated.reason || unnamedTermination(terminated);
    if (terminated.message) health.message = terminated.message;
  }
  const last = status?.lastState?.terminated;
  if (last) health.lastTerminationReason = last.reason || unnamedTermination(last);
  return health;
}

type PodFacts = Omit<PodHealth, "severity" | "reason">;

function classify(
  pod: V1Pod,
  health: PodFacts,
  now: Date,
  pendingGraceSeconds: number,
): { severity: Severity; reason?: string } {
  const { status, terminating } = health;

  // kubectl shows Terminating/Unknown only while the pod is being deleted; how long decides how bad it is.
  if (terminating && (status === "Terminating" || status === "Unknown")) {
    // "Unknown" here means the node was lost mid-deletion (status.reason NodeLost).
    const label = status === "Unknown" ? "Terminating on a lost node" : "Terminating";
    const age = `${label} for ${formatDuration(terminating.ageSeconds)}`;
    if (!terminating.overdue) {
      return { severity: "warning", reason: `${age} (grace period ${terminating.gracePeriodSeconds}s)` };
    }
    if (terminating.finalizers.length > 0) {
      const noun = terminating.finalizers.length === 1 ? "finalizer" : "finalizers";
      return { severity: "error", reason: `${age}, held by ${noun} ${terminating.finalizers.join(", ")}` };
    }
    const deadline = terminating.since.getTime() + terminating.gracePeriodSeconds * 1000;
    const late = formatDuration(secondsBetween(new Date(deadline), now));
    return { severity: "error", reason: `${age}, ${late} past its grace period` };
  }

  const bareStatus = status.startsWith("Init:") ? status.slice("Init:".length) : status;
  if (health.phase === "Failed" || ERROR_REASONS.has(bareStatus) || /^(ExitCode|Signal):/.test(bareStatus)) {
    return { severity: "error", reason: describeFailure(pod, status, bareStatus) };
  }

  if (health.phase === "Succeeded" || status === "Completed") return { severity: "ok" };

  if (health.phase === "Pending" && (STARTING_STATUSES.has(status) || /^Init:\d+\/\d+$/.test(status))) {
    const created = toDate(pod.metadata?.creationTimestamp);
    const ageSeconds = created ? secondsBetween(created, now) : Number.POSITIVE_INFINITY;
    const detail = pendingDetail(pod);
    const reason =
      `${status} for ${created ? formatDuration(ageSeconds) : "an unknown time"}` +
      (detail ? `: ${detail}` : "");
    return { severity: ageSeconds < pendingGraceSeconds ? "info" : "warning", reason };
  }

  if (status === "Running" && health.ready) {
    if (health.restarts === 0) return { severity: "ok" };
    return { severity: "warning", reason: describeRestarts(health) };
  }

  const since = health.notReadySince
    ? ` for ${formatDuration(secondsBetween(health.notReadySince, now))}`
    : "";
  const readyMessage = pod.status?.conditions?.find((c) => c.type === "Ready")?.message;
  const notReady =
    `${status === "Running" ? "not ready" : status}${since}` + (readyMessage ? `: ${readyMessage}` : "");
  return {
    severity: "warning",
    reason: health.restarts > 0 ? `${notReady}; ${describeRestarts(health)}` : notReady,
  };
}

/** "CrashLoopBackOff: back-off 5m0s restarting failed container=…", or "OOMKilled (exit code 137)". */
function describeFailure(pod: V1Pod, status: string, bareStatus: string): string {
  const statuses = status.startsWith("Init:")
    ? (pod.status?.initContainerStatuses ?? [])
    : (pod.status?.containerStatuses ?? []);
  for (const container of statuses) {
    const { waiting, terminated } = container.state ?? {};
    if (waiting?.reason === bareStatus) return waiting.message ? `${status}: ${waiting.message}` : status;
    if (terminated && (terminated.reason || unnamedTermination(terminated)) === bareStatus) {
      if (terminated.message) return `${status}: ${terminated.message}`;
      return terminated.reason ? `${status} (exit code ${terminated.exitCode})` : status;
    }
  }
  // Pod-level failures (Evicted, DeadlineExceeded, …) explain themselves in status.message.
  const message = pod.status?.message;
  return message ? `${status}: ${message}` : status;
}

/** Why a pod still starting is waiting: the scheduler's or the init containers' condition message. */
function pendingDetail(pod: V1Pod): string | undefined {
  const conditions = pod.status?.conditions ?? [];
  for (const type of ["PodScheduled", "Initialized"]) {
    const condition = conditions.find((c) => c.type === type && c.status === "False");
    if (condition?.message) return condition.message;
  }
  return undefined;
}

function describeRestarts(health: PodFacts): string {
  const last = health.containers.find((c) => c.lastTerminationReason)?.lastTerminationReason;
  const noun = health.restarts === 1 ? "restart" : "restarts";
  return `${health.restarts} ${noun}` + (last ? ` (last: ${last})` : "");
}
