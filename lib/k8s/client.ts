import "server-only";
import { getEnv } from "@/lib/config/env";
import { getMetrics } from "@/lib/metrics/registry";
import { loadKubeConfig, type LoadedKubeConfig } from "./kubeconfig";
import { countKubernetesRequests } from "./request-count";

const globalForK8s = globalThis as typeof globalThis & { __sessionReconcilerKube?: LoadedKubeConfig };

/** The process's Kubernetes configuration, loaded once. */
export function getKubeConfig(): LoadedKubeConfig {
  if (!globalForK8s.__sessionReconcilerKube) {
    const env = getEnv();
    const loaded = loadKubeConfig({
      kubeconfigContent: env.KUBECONFIG_CONTENT,
      kubeconfigEnv: env.KUBECONFIG,
      dataDir: env.dataDir,
    });
    const { kubernetesRequests } = getMetrics();
    countKubernetesRequests(loaded.kubeConfig, (type) => kubernetesRequests.inc({ type }));
    globalForK8s.__sessionReconcilerKube = loaded;
  }
  return globalForK8s.__sessionReconcilerKube;
}
