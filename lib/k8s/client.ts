import "server-only";
import type { ClusterConfig } from "@/lib/config/clusters";
import { getEnv } from "@/lib/config/env";
import { getMetrics } from "@/lib/metrics/registry";
import { loadClusterKubeConfig, type LoadedKubeConfig } from "./kubeconfig";
import { countKubernetesRequests } from "./request-count";

const globalForK8s = globalThis as typeof globalThis & {
  __sessionReconcilerKube?: Map<string, LoadedKubeConfig>;
};

/** The clusters this installation watches (env `CLUSTERS`, or the one `CLUSTER_ID`), in order. */
export function getClusters(): ClusterConfig[] {
  return getEnv().clusters;
}

/** Thrown for a cluster id this installation is not configured with. */
export class UnknownClusterError extends Error {
  override name = "UnknownClusterError";
}

/**
 * One cluster's Kubernetes configuration, loaded once per process; every request made with it is
 * counted in `kubernetes_requests_total{cluster}`. Throws when the cluster is not configured here,
 * or its kubeconfig cannot be found (KubeConfigMissingError) — each cluster on its own: one
 * unreadable kubeconfig leaves the others working.
 */
export function getKubeConfig(clusterId: string): LoadedKubeConfig {
  const cache = (globalForK8s.__sessionReconcilerKube ??= new Map());
  const cached = cache.get(clusterId);
  if (cached) return cached;
  const env = getEnv();
  const cluster = env.clusters.find((c) => c.id === clusterId);
  if (!cluster)
    throw new UnknownClusterError(
      `cluster "${clusterId}" is not configured here (configured: ${env.clusters.map((c) => c.id).join(", ")})`,
    );
  const loaded = loadClusterKubeConfig(cluster, {
    kubeconfigContent: env.KUBECONFIG_CONTENT,
    kubeconfigEnv: env.KUBECONFIG,
    dataDir: env.dataDir,
  });
  const { kubernetesRequests } = getMetrics();
  countKubernetesRequests(loaded.kubeConfig, (type) => kubernetesRequests.inc({ type, cluster: clusterId }));
  cache.set(clusterId, loaded);
  return loaded;
}
