import type { V1Deployment, V1EndpointSlice, V1Pod, V1Service } from "@kubernetes/client-node";
import {
  deriveDeploymentHealth,
  derivePodHealth,
  deriveServiceHealth,
  type DeploymentHealth,
  type PodHealth,
  type ServiceHealth,
} from "@/lib/health";
import { isKindKnown, sameItems, type ClusterSnapshot, type SessionObjects } from "@/lib/k8s/model/snapshot";
import type { ObservedHealth } from "./classify";

// The watch cache replaces an object when it changes, so an object's identity is a version of it:
// health derived once per version is reused by every later rebuild of the dashboard. Only results
// that cannot change with time alone are kept (a pod's health can: pending age, termination age).
const deploymentHealth = new WeakMap<V1Deployment, DeploymentHealth>();
const podHealth = new WeakMap<V1Pod, { marginSeconds: number; health: PodHealth }>();
const serviceHealth = new WeakMap<
  V1Service,
  { pods: readonly V1Pod[]; slices: readonly V1EndpointSlice[] | undefined; health: ServiceHealth }
>();

function podHealthOf(pod: V1Pod, now: Date, marginSeconds: number): PodHealth {
  const cached = podHealth.get(pod);
  if (cached && cached.marginSeconds === marginSeconds) return cached.health;
  const health = derivePodHealth(pod, now, { terminatingMarginSeconds: marginSeconds });
  // A running, ready pod that is not being deleted stays "ok" until the object itself changes.
  if (health.severity === "ok" && !health.terminating && health.ready)
    podHealth.set(pod, { marginSeconds, health });
  return health;
}

function deploymentHealthOf(deployment: V1Deployment): DeploymentHealth {
  let health = deploymentHealth.get(deployment);
  if (!health) deploymentHealth.set(deployment, (health = deriveDeploymentHealth(deployment)));
  return health;
}

function serviceHealthOf(
  service: V1Service,
  pods: V1Pod[],
  slices: V1EndpointSlice[] | undefined,
): ServiceHealth {
  const cached = serviceHealth.get(service);
  if (cached && sameItems(cached.pods, pods) && sameItems(cached.slices, slices)) return cached.health;
  const health = deriveServiceHealth(service, pods, slices);
  serviceHealth.set(service, { pods, slices, health });
  return health;
}

/**
 * Derives (and keeps) the health of one object as it arrives from the watch, so the first pass
 * after a start finds it derived: Deployments always, pods where it stays (running and ready).
 * Services are left to the pass: their health reads their pods.
 */
export function prepareObservedHealth(
  kind: "deployments" | "services" | "endpointSlices" | "pods",
  object: unknown,
  now: Date,
  marginSeconds: number,
): void {
  if (kind === "deployments") deploymentHealthOf(object as V1Deployment);
  else if (kind === "pods") podHealthOf(object as V1Pod, now, marginSeconds);
}

/** Health of every object of one session; `undefined` per kind that was not observed. */
export function deriveObservedHealth(
  objects: SessionObjects,
  snapshot: ClusterSnapshot,
  now: Date,
  marginSeconds: number,
): ObservedHealth {
  const podsKnown = isKindKnown(snapshot, "pods");
  const slices = isKindKnown(snapshot, "endpointSlices") ? objects.endpointSlices : undefined;
  return {
    deployments: isKindKnown(snapshot, "deployments")
      ? objects.deployments.map(deploymentHealthOf)
      : undefined,
    services: isKindKnown(snapshot, "services")
      ? objects.services.map((s) => serviceHealthOf(s, podsKnown ? objects.pods : [], slices))
      : undefined,
    pods: podsKnown ? objects.pods.map((p) => podHealthOf(p, now, marginSeconds)) : undefined,
  };
}
