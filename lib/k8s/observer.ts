import "server-only";
import { getEnv } from "@/lib/config/env";
import { prepareObservedHealth } from "@/lib/drift/observed-health";
import { getClusters, getKubeConfig } from "./client";
import { ClusterObserver, listClusterSnapshot } from "./observe";
import { observedKinds, type ClusterSnapshot, type ClusterView, type ObservedKind } from "./model/snapshot";

const globalForObserver = globalThis as typeof globalThis & {
  __sessionReconcilerObservers?: Map<string, { observer: ClusterObserver; ready: Promise<void> }>;
};

/** How long the first read waits for the initial lists before answering with kinds still "starting". */
const firstSyncWaitMs = 5_000;

/**
 * The process's view of one cluster. With CLUSTER_OBSERVER=watch (default) a watch-backed cache
 * started once per process and cluster, so reading costs no request; with `list`, one list per kind
 * per call (for serverless hosts). A cluster that cannot even be configured (or is not configured
 * here) yields every kind in error — unknown, for its own sessions only.
 */
export async function getClusterSnapshot(
  clusterId: string,
  mode: "watch" | "list" = getEnv().CLUSTER_OBSERVER,
): Promise<ClusterSnapshot> {
  const env = getEnv();
  let kubeConfig;
  try {
    kubeConfig = getKubeConfig(clusterId).kubeConfig;
  } catch (error) {
    return unconfiguredSnapshot(error instanceof Error ? error.message : String(error));
  }
  if (mode === "list")
    return listClusterSnapshot(kubeConfig, env.INSTALLATION_NAME, () => new Date(), env.WATCH_NAMESPACES);
  const observers = (globalForObserver.__sessionReconcilerObservers ??= new Map());
  let entry = observers.get(clusterId);
  if (!entry) {
    const observer = new ClusterObserver(
      kubeConfig,
      env.INSTALLATION_NAME,
      () => new Date(),
      env.WATCH_NAMESPACES,
      env.WATCH_STALE_SECONDS,
      (kind, object) => prepareObservedHealth(kind, object, new Date(), env.POD_TERMINATING_MARGIN_SECONDS),
    );
    entry = { observer, ready: observer.start() };
    observers.set(clusterId, entry);
  }
  const { observer, ready } = entry;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([ready, new Promise((resolve) => (timer = setTimeout(resolve, firstSyncWaitMs)))]);
  clearTimeout(timer);
  return observer.snapshot();
}

/**
 * Every configured cluster's view, read side by side: one cluster slow to answer (list mode) or
 * still starting delays the others by no more than its own read. `mode` as {@link getClusterSnapshot}.
 */
export async function getClusterViews(mode?: "watch" | "list"): Promise<ClusterView[]> {
  return Promise.all(
    getClusters().map(async ({ id }) => ({ cluster: id, snapshot: await getClusterSnapshot(id, mode) })),
  );
}

/** A snapshot with every kind unknown: `error`, the reason given. */
export function unconfiguredSnapshot(error: string): ClusterSnapshot {
  const now = new Date();
  const kinds = Object.fromEntries(
    observedKinds.map((kind) => [kind, { kind, state: "error", since: now, error, lastSyncedAt: null }]),
  ) as ClusterSnapshot["kinds"];
  return { observedAt: now, kinds, deployments: [], services: [], endpointSlices: [], pods: [] };
}

export type { ClusterView, ObservedKind };
