import "server-only";
import { getEnv } from "@/lib/config/env";
import { getKubeConfig } from "./client";
import { ClusterObserver, listClusterSnapshot } from "./observe";
import { observedKinds, type ClusterSnapshot, type ObservedKind } from "./model/snapshot";

const globalForObserver = globalThis as typeof globalThis & {
  __sessionReconcilerObserver?: { observer: ClusterObserver; ready: Promise<void> };
};

/** How long the first read waits for the initial lists before answering with kinds still "starting". */
const firstSyncWaitMs = 5_000;

/**
 * The process's view of the cluster. With CLUSTER_OBSERVER=watch (default) a watch-backed cache
 * started once per process, so reading costs no request; with `list`, one list per kind per call
 * (for serverless hosts). A cluster that cannot even be configured yields every kind in error.
 */
export async function getClusterSnapshot(): Promise<ClusterSnapshot> {
  const env = getEnv();
  let kubeConfig;
  try {
    kubeConfig = getKubeConfig().kubeConfig;
  } catch (error) {
    return unconfiguredSnapshot(error instanceof Error ? error.message : String(error));
  }
  if (env.CLUSTER_OBSERVER === "list")
    return listClusterSnapshot(kubeConfig, env.INSTALLATION_NAME, () => new Date(), env.WATCH_NAMESPACES);
  if (!globalForObserver.__sessionReconcilerObserver) {
    const observer = new ClusterObserver(
      kubeConfig,
      env.INSTALLATION_NAME,
      () => new Date(),
      env.WATCH_NAMESPACES,
      env.WATCH_STALE_SECONDS,
    );
    globalForObserver.__sessionReconcilerObserver = { observer, ready: observer.start() };
  }
  const { observer, ready } = globalForObserver.__sessionReconcilerObserver;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([ready, new Promise((resolve) => (timer = setTimeout(resolve, firstSyncWaitMs)))]);
  clearTimeout(timer);
  return observer.snapshot();
}

function unconfiguredSnapshot(error: string): ClusterSnapshot {
  const now = new Date();
  const kinds = Object.fromEntries(
    observedKinds.map((kind) => [kind, { kind, state: "error", since: now, error, lastSyncedAt: null }]),
  ) as ClusterSnapshot["kinds"];
  return { observedAt: now, kinds, deployments: [], services: [], endpointSlices: [], pods: [] };
}

export type { ObservedKind };
