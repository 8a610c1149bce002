import { deriveDeploymentHealth, derivePodHealth, deriveServiceHealth } from "@/lib/health";
import { isKindKnown, type ClusterSnapshot, type SessionObjects } from "@/lib/k8s/snapshot";
import type { ObservedHealth } from "./classify";

/** Health of every object of one session; `undefined` per kind that was not observed. */
export function deriveObservedHealth(
  objects: SessionObjects,
  snapshot: ClusterSnapshot,
  now: Date,
  marginSeconds: number,
): ObservedHealth {
  const podsKnown = isKindKnown(snapshot, "pods");
  return {
    deployments: isKindKnown(snapshot, "deployments")
      ? objects.deployments.map((d) => deriveDeploymentHealth(d))
      : undefined,
    services: isKindKnown(snapshot, "services")
      ? objects.services.map((s) =>
          deriveServiceHealth(
            s,
            podsKnown ? objects.pods : [],
            isKindKnown(snapshot, "endpointSlices") ? objects.endpointSlices : undefined,
          ),
        )
      : undefined,
    pods: podsKnown
      ? objects.pods.map((p) => derivePodHealth(p, now, { terminatingMarginSeconds: marginSeconds }))
      : undefined,
  };
}
