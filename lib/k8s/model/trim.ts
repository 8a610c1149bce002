import type {
  KubernetesObject,
  V1Container,
  V1Deployment,
  V1EndpointSlice,
  V1ObjectMeta,
  V1Pod,
  V1Service,
} from "@kubernetes/client-node";
import { INSTALLATION_ID_ANNOTATION, QUARANTINE_ANNOTATIONS } from "./labels";
import type { ObservedKind } from "./snapshot";

/**
 * Drops, in place, every field the health, drift and reconcile code never reads, so the watch
 * cache of 40,000 objects fits the memory target: managedFields and annotations (but our
 * installation id and the quarantine marks) everywhere; a
 * pod's volumes, env, probes and resources; a Deployment's pod template. In place because the
 * informer caches the very object it hands to its callbacks. What stays is listed here, next to
 * the code that reads it (lib/health, lib/drift, lib/reconcile/plan.ts).
 */
export function trimObject(kind: ObservedKind, object: KubernetesObject): KubernetesObject {
  if (object.metadata) trimMetadata(object.metadata);
  switch (kind) {
    case "pods":
      return trimPod(object as V1Pod);
    case "deployments":
      return trimDeployment(object as V1Deployment);
    case "services":
      return trimService(object as V1Service);
    case "endpointSlices":
      return trimEndpointSlice(object as V1EndpointSlice);
  }
}

const keptAnnotations = new Set<string>([
  INSTALLATION_ID_ANNOTATION,
  ...Object.values(QUARANTINE_ANNOTATIONS),
]);

function trimMetadata(metadata: V1ObjectMeta) {
  delete metadata.managedFields;
  // Of the annotations only ours are read: whose object this is, and its quarantine marks.
  const kept = Object.entries(metadata.annotations ?? {}).filter(([key]) => keptAnnotations.has(key));
  delete metadata.annotations;
  if (kept.length > 0) metadata.annotations = Object.fromEntries(kept);
  delete metadata.generateName;
  if (metadata.ownerReferences) {
    metadata.ownerReferences = metadata.ownerReferences.map(
      ({ apiVersion, kind, name, uid, controller }) => ({ apiVersion, kind, name, uid, controller }),
    );
  }
}

/** Containers' names, images and restart policies; the node, grace period and restart policy. */
function trimPod(pod: V1Pod): V1Pod {
  if (pod.spec) {
    const keep = (c: V1Container): V1Container => ({
      name: c.name,
      image: c.image,
      ...(c.restartPolicy ? { restartPolicy: c.restartPolicy } : {}),
    });
    pod.spec = {
      containers: pod.spec.containers.map(keep),
      ...(pod.spec.initContainers ? { initContainers: pod.spec.initContainers.map(keep) } : {}),
      ...(pod.spec.nodeName ? { nodeName: pod.spec.nodeName } : {}),
      ...(pod.spec.terminationGracePeriodSeconds !== undefined
        ? { terminationGracePeriodSeconds: pod.spec.terminationGracePeriodSeconds }
        : {}),
      ...(pod.spec.restartPolicy ? { restartPolicy: pod.spec.restartPolicy } : {}),
    };
  }
  if (pod.status) {
    delete pod.status.podIPs;
    delete pod.status.hostIPs;
    delete pod.status.qosClass;
    for (const s of [...(pod.status.containerStatuses ?? []), ...(pod.status.initContainerStatuses ?? [])]) {
      // imageID is required by the type but read by nothing of ours.
      (s as { imageID?: string }).imageID = undefined;
      delete s.containerID;
      delete s.volumeMounts;
      delete s.resources;
      delete s.allocatedResources;
      delete s.user;
    }
  }
  return pod;
}

/** Replicas, the selector and the template's labels: no pod template. */
function trimDeployment(deployment: V1Deployment): V1Deployment {
  if (deployment.spec) {
    deployment.spec = {
      replicas: deployment.spec.replicas,
      selector: deployment.spec.selector,
      template: { metadata: { labels: deployment.spec.template?.metadata?.labels } },
    };
  }
  return deployment;
}

function trimService(service: V1Service): V1Service {
  if (service.spec) {
    service.spec = {
      ...(service.spec.selector ? { selector: service.spec.selector } : {}),
      ...(service.spec.type ? { type: service.spec.type } : {}),
      ...(service.spec.externalName ? { externalName: service.spec.externalName } : {}),
    };
  }
  return service;
}

/** Each endpoint's addresses, conditions and target; no ports. */
function trimEndpointSlice(slice: V1EndpointSlice): V1EndpointSlice {
  slice.endpoints = (slice.endpoints ?? []).map((e) => ({
    addresses: e.addresses,
    conditions: e.conditions,
    ...(e.targetRef
      ? { targetRef: { kind: e.targetRef.kind, name: e.targetRef.name, uid: e.targetRef.uid } }
      : {}),
  }));
  delete slice.ports;
  return slice;
}
