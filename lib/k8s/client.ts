import "server-only";
import { getEnv } from "@/lib/config/env";
import { loadKubeConfig, type LoadedKubeConfig } from "./kubeconfig";

const globalForK8s = globalThis as typeof globalThis & { __sessionReconcilerKube?: LoadedKubeConfig };

/** The process's Kubernetes configuration, loaded once. */
export function getKubeConfig(): LoadedKubeConfig {
  if (!globalForK8s.__sessionReconcilerKube) {
    const env = getEnv();
    globalForK8s.__sessionReconcilerKube = loadKubeConfig({
      kubeconfigEnv: env.KUBECONFIG,
      dataDir: env.dataDir,
    });
  }
  return globalForK8s.__sessionReconcilerKube;
}
