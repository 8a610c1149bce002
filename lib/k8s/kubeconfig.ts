import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { KubeConfig } from "@kubernetes/client-node";

export interface LoadedKubeConfig {
  kubeConfig: KubeConfig;
  /** Where the configuration came from, for the UI and error messages. */
  source: string;
}

/** No usable cluster configuration was found; the message lists where we looked. */
export class KubeConfigMissingError extends Error {
  override name = "KubeConfigMissingError";
}

/**
 * Finds the cluster to talk to, in this order: `KUBECONFIG`; the local cluster's kubeconfig under
 * the data directory (written by `npm run cluster -- up`); the in-cluster service account; the
 * default `~/.kube/config`. Throws a {@link KubeConfigMissingError} when none exists, rather than
 * silently aiming at localhost:8080 as the client library would.
 */
export function loadKubeConfig(options: { kubeconfigEnv?: string; dataDir: string }): LoadedKubeConfig {
  const kubeConfig = new KubeConfig();
  if (options.kubeconfigEnv) {
    const missing = options.kubeconfigEnv.split(path.delimiter).filter((file) => file && !existsSync(file));
    if (missing.length > 0)
      throw new KubeConfigMissingError(`KUBECONFIG names missing file(s): ${missing.join(", ")}`);
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
  const home = path.join(os.homedir(), ".kube", "config");
  if (existsSync(home)) {
    kubeConfig.loadFromFile(home);
    return { kubeConfig, source: home };
  }
  throw new KubeConfigMissingError(
    `No cluster configured: KUBECONFIG is unset, there is no local cluster kubeconfig at ${localCluster}, ` +
      `this is not a pod, and ${home} does not exist.`,
  );
}
