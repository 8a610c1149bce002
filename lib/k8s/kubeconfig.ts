import { existsSync } from "node:fs";
import path from "node:path";
import { KubeConfig } from "@kubernetes/client-node";

export interface LoadedKubeConfig {
  kubeConfig: KubeConfig;
  /** Where the configuration came from, for the UI and error messages. */
  source: string;
}

/**
 * Finds the cluster to talk to, in this order: `KUBECONFIG`; the local cluster's kubeconfig under
 * the data directory (written by `npm run cluster -- up`); the in-cluster service account; the
 * default `~/.kube/config`.
 */
export function loadKubeConfig(options: { kubeconfigEnv?: string; dataDir: string }): LoadedKubeConfig {
  const kubeConfig = new KubeConfig();
  if (options.kubeconfigEnv) {
    kubeConfig.loadFromDefault();
    return { kubeConfig, source: `KUBECONFIG=${options.kubeconfigEnv}` };
  }
  const localCluster = path.join(options.dataDir, "kubeconfig");
  if (existsSync(localCluster)) {
    kubeConfig.loadFromFile(localCluster);
    return { kubeConfig, source: `local cluster (${localCluster})` };
  }
  if (process.env.KUBERNETES_SERVICE_HOST) {
    kubeConfig.loadFromCluster();
    return { kubeConfig, source: "in-cluster service account" };
  }
  kubeConfig.loadFromDefault();
  return { kubeConfig, source: "~/.kube/config" };
}
