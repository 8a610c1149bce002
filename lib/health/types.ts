/**
 * Result types of the health derivations. They are plain data so that the UI, the reconciler and the tests can
 * share them without importing the Kubernetes client.
 */

/** How bad a state is, kept apart from the status text (`status`/`reason`), as Headlamp does. */
export type Severity = "ok" | "info" | "warning" | "error";

/** One container of a pod, in `spec.containers` order. */
export interface ContainerHealth {
  name: string;
  image: string;
  ready: boolean;
  restarts: number;
  state: "running" | "waiting" | "terminated" | "unknown";
  /** Waiting or terminated reason, e.g. `CrashLoopBackOff`, `OOMKilled`. */
  reason?: string;
  message?: string;
  /** Reason of the previous run (`lastState.terminated`), e.g. `Error`; `ExitCode:N`/`Signal:N` when unnamed. */
  lastTerminationReason?: string;
}

/** Present when the pod has a `deletionTimestamp`. */
export interface PodTermination {
  /** When deletion was (last) requested: `deletionTimestamp` minus the deletion grace period. */
  since: Date;
  ageSeconds: number;
  gracePeriodSeconds: number;
  /** `now` is past `deletionTimestamp` plus the margin: the kubelet or a finalizer is not letting go. */
  overdue: boolean;
  /** `metadata.finalizers`; any one of them keeps the object in the API after its containers stopped. */
  finalizers: string[];
}

export interface PodHealth {
  name: string;
  namespace: string;
  nodeName?: string;
  phase: string;
  /** Exactly what `kubectl get pods` prints in STATUS. */
  status: string;
  readyContainers: number;
  totalContainers: number;
  /** Restarts as `kubectl get pods` counts them (summed over containers). */
  restarts: number;
  /** PodReady condition is True. */
  ready: boolean;
  /** `lastTransitionTime` of Ready=False, when not ready. */
  notReadySince?: Date;
  severity: Severity;
  /** Short human reason, set when severity is not `ok`. */
  reason?: string;
  terminating?: PodTermination;
  containers: ContainerHealth[];
}

export interface DeploymentConditionSummary {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: Date;
}

export interface DeploymentHealth {
  name: string;
  namespace: string;
  /** `spec.replicas`, defaulting to 1 as the API server does. */
  desired: number;
  ready: number;
  available: number;
  updated: number;
  severity: Severity;
  reason?: string;
  /** Progressing=False with reason ProgressDeadlineExceeded. */
  progressDeadlineExceeded: boolean;
  conditions: DeploymentConditionSummary[];
}

export interface ServiceHealth {
  name: string;
  namespace: string;
  selector: Record<string, string>;
  /** Pods in the service's namespace whose labels match the selector, not terminating. */
  matchingPods: number;
  /** Ready endpoints over the service's EndpointSlices; `undefined` when the slices are unknown. */
  readyEndpoints: number | undefined;
  severity: Severity;
  reason?: string;
}
