import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { KubeConfig } from "@kubernetes/client-node";
import type { ClusterConfig } from "@/lib/config/clusters";

export interface LoadedKubeConfig {
  kubeConfig: KubeConfig;
  /** Where the configuration came from, for the UI and error messages. */
  source: string;
}

/** No usable cluster configuration was found; the message lists where we looked. */
export class KubeConfigMissingError extends Error {
  override name = "KubeConfigMissingError";
}

/** A kubeconfig given as content that is not one; the message says what is wrong with it. */
export class KubeConfigInvalidError extends Error {
  override name = "KubeConfigInvalidError";
}

/**
 * A kubeconfig given as content (`KUBECONFIG_CONTENT`, for hosts with no file to point at): its
 * YAML, or the base64 of it. Told apart by the colon, which YAML always holds and base64 never.
 * Throws a {@link KubeConfigInvalidError} unless it names a current context with a cluster server.
 */
export function parseKubeConfigContent(content: string): KubeConfig {
  const text = content.includes(":") ? content : Buffer.from(content, "base64").toString("utf8");
  const kubeConfig = new KubeConfig();
  try {
    kubeConfig.loadFromString(text);
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split("\n")[0];
    throw new KubeConfigInvalidError(`is not a kubeconfig (its YAML, or base64 of it): ${reason}`);
  }
  const context = kubeConfig.getContextObject(kubeConfig.getCurrentContext());
  const server = kubeConfig.getCurrentCluster()?.server;
  if (!context || !server) {
    throw new KubeConfigInvalidError(
      "names no current-context whose cluster has a server (is it a kubeconfig, as YAML or base64 of it?)",
    );
  }
  return kubeConfig;
}

/**
 * Finds the cluster to talk to, in this order: `KUBECONFIG_CONTENT` (the kubeconfig itself, see
 * {@link parseKubeConfigContent}); `KUBECONFIG`; the local cluster's kubeconfig under
 * the data directory (written by `npm run cluster -- up`); the in-cluster service account; the
 * default `~/.kube/config`. Throws a {@link KubeConfigMissingError} when none exists, rather than
 * silently aiming at localhost:8080 as the client library would.
 */
export function loadKubeConfig(options: {
  kubeconfigContent?: string;
  kubeconfigEnv?: string;
  dataDir: string;
}): LoadedKubeConfig {
  if (options.kubeconfigContent) {
    return { kubeConfig: parseKubeConfigContent(options.kubeconfigContent), source: "KUBECONFIG_CONTENT" };
  }
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

/**
 * One configured cluster's kubeconfig (lib/config/clusters.ts): its file, its content, the pod's
 * service account, or — the one cluster of an installation without `CLUSTERS` — {@link loadKubeConfig}'s
 * search. Throws a {@link KubeConfigMissingError} naming the cluster when its source is not there.
 */
export function loadClusterKubeConfig(
  cluster: ClusterConfig,
  options: { kubeconfigContent?: string; kubeconfigEnv?: string; dataDir: string },
): LoadedKubeConfig {
  const { source } = cluster;
  if (source.kind === "search") return loadKubeConfig(options);
  if (source.kind === "content")
    return {
      kubeConfig: parseKubeConfigContent(source.content),
      source: `CLUSTERS (${cluster.id}: content)`,
    };
  const kubeConfig = new KubeConfig();
  if (source.kind === "in-cluster") {
    if (!process.env.KUBERNETES_SERVICE_HOST)
      throw new KubeConfigMissingError(
        `cluster "${cluster.id}" is inCluster, but this process is not in a pod`,
      );
    kubeConfig.loadFromCluster();
    return { kubeConfig, source: `CLUSTERS (${cluster.id}: in-cluster service account)` };
  }
  if (!existsSync(source.path))
    throw new KubeConfigMissingError(`cluster "${cluster.id}": its kubeconfig ${source.path} does not exist`);
  kubeConfig.loadFromFile(source.path);
  return { kubeConfig, source: `CLUSTERS (${cluster.id}: ${source.path})` };
}
