/**
 * Pure health derivations for Kubernetes objects: plain objects and `now` in, plain results out.
 */
export { derivePodHealth, type DerivePodHealthOptions } from "./pod";
export { derivePodStatus, type PrintedPodStatus } from "./pod-status";
export { deriveDeploymentHealth } from "./deployment";
export { deriveServiceHealth } from "./service";
export type {
  ContainerHealth,
  DeploymentConditionSummary,
  DeploymentHealth,
  PodHealth,
  PodTermination,
  ServiceHealth,
  Severity,
} from "./types";
