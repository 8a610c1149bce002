import "server-only";
import { getEffectiveConfig } from "@/lib/config/runtime-env";
import { listAgents } from "@/lib/db/readers/agents";
import { getInstallationId } from "@/lib/db/readers/installation";
import { listSessionsForView } from "@/lib/db/readers/sessions";
import { deriveDriftThresholds } from "@/lib/drift/thresholds-from-env";
import type { DriftThresholds } from "@/lib/drift/types";
import { resolveCluster } from "@/lib/config/clusters";
import { partitionByCluster, withoutOtherClustersObjects } from "@/lib/drift/clusters";
import { getClusterViews, unconfiguredSnapshot } from "@/lib/k8s/observer";
import { observedKinds, type ClusterView, type KindStatus } from "@/lib/k8s/model/snapshot";
import { deriveDriftAgents } from "@/lib/platform/agent-connection";
import { querySessionRows, type SessionsPage, type SessionsQuery } from "./query";
import { buildSessionRows, type RowCache } from "./session-rows";

/** A kind's freshness for the page: synced (as of `at`), or unknown since `at` and why. */
export interface KindStatusView {
  /** Named when there are several clusters. */
  cluster?: string;
  kind: string;
  state: KindStatus["state"];
  at: string;
  mode?: "watch" | "list";
  count?: number;
  error?: string;
}

export function toKindStatusView(status: KindStatus): KindStatusView {
  switch (status.state) {
    case "synced":
      return {
        kind: status.kind,
        state: "synced",
        at: status.syncedAt.toISOString(),
        mode: status.mode,
        count: status.count,
      };
    case "error":
      return { kind: status.kind, state: "error", at: status.since.toISOString(), error: status.error };
    case "starting":
      return { kind: status.kind, state: "starting", at: status.since.toISOString() };
  }
}

/** Each cluster's kinds; with several clusters each names its cluster. */
export function deriveKindViews(views: ClusterView[]): KindStatusView[] {
  return views.flatMap(({ cluster, snapshot }) =>
    observedKinds.map((kind) => ({
      ...toKindStatusView(snapshot.kinds[kind]),
      ...(views.length > 1 ? { cluster } : {}),
    })),
  );
}

/** What the sessions dashboard shows, as JSON-safe data. */
export interface SessionsView extends SessionsPage {
  generatedAt: string;
  kinds: KindStatusView[];
  thresholds: DriftThresholds;
}

/**
 * Every row of the dashboard: sessions from the database, objects from each cluster's snapshot (no
 * request per session; none at all with the watch cache), joined and classified cluster by cluster.
 * A session whose cluster is not configured here shows its objects as unknown.
 */
export async function loadSessionRows(now: Date) {
  // The thresholds in force (the environment's, or an admin's from /settings).
  const { env } = await getEffectiveConfig();
  const thresholds = deriveDriftThresholds(env);
  // A cached row was classified with the thresholds of its day: another set makes it stale.
  const thresholdsKey = JSON.stringify(thresholds);
  if (thresholdsKey !== rowCacheThresholds) {
    rowCaches.clear();
    rowCacheThresholds = thresholdsKey;
  }
  const views = await getClusterViews();
  const idsInClusters = new Set<string>();
  for (const { snapshot } of views)
    for (const object of [...snapshot.deployments, ...snapshot.services, ...snapshot.pods]) {
      const id = object.metadata?.labels?.[env.SESSION_LABEL_KEY];
      if (id) idsInClusters.add(id);
    }
  const [sessions, agentRows, installationId] = await Promise.all([
    listSessionsForView({
      endedSince: new Date(now.getTime() - env.DASHBOARD_ENDED_RETENTION_SECONDS * 1000),
      withObjects: [...idsInClusters],
    }),
    listAgents(),
    getInstallationId(),
  ]);
  const agents = deriveDriftAgents(agentRows, now, env.AGENT_HEARTBEAT_TIMEOUT_SECONDS);
  const { own, clusterOf, unwatched } = partitionByCluster(
    sessions,
    views.map((v) => v.cluster),
    (cluster) => resolveCluster(cluster ?? "", env),
  );
  const common = { agents, sessionLabelKey: env.SESSION_LABEL_KEY, now, thresholds, installationId };
  const rows = views.flatMap((view) => {
    const { kept } = withoutOtherClustersObjects(view, clusterOf, env.SESSION_LABEL_KEY);
    const cache = rowCaches.get(view.cluster) ?? new Map();
    rowCaches.set(view.cluster, cache);
    const built = buildSessionRows({ ...common, cache, sessions: own.get(view.cluster)!, snapshot: kept });
    return views.length > 1 ? built.map((row) => ({ ...row, cluster: view.cluster })) : built;
  });
  if (unwatched.length > 0) {
    const unknown = unconfiguredSnapshot("its cluster is not configured here (CLUSTERS)");
    const named = new Map(unwatched.map((s) => [s.id, s.cluster]));
    for (const row of buildSessionRows({ ...common, sessions: unwatched, snapshot: unknown }))
      rows.push({ ...row, cluster: named.get(row.id) ?? "(none)" });
  }
  return {
    rows,
    agentRows,
    views,
    thresholds,
    heartbeatTimeoutSeconds: env.AGENT_HEARTBEAT_TIMEOUT_SECONDS,
  };
}

// Rows that time alone cannot change, kept across builds per cluster (each checked against its inputs).
const rowCaches = new Map<string, RowCache>();
let rowCacheThresholds = "";

type LoadedRows = Awaited<ReturnType<typeof loadSessionRows>> & { builtAt: Date };

/** How long built rows are shared: every viewer polling within this window gets one build. */
const rowsCacheMs = 1_000;
const globalForRows = globalThis as typeof globalThis & {
  __sessionReconcilerRows?: { at: number; rows: Promise<LoadedRows> };
};

/** Forgets the shared rows: our own changes (actions, reconcile runs) show at the next read. */
export function invalidateSessionRows(): void {
  globalForRows.__sessionReconcilerRows = undefined;
}

/**
 * The rows, built at most once per second however many people watch the dashboard; concurrent
 * readers share one build. A failed build is not kept.
 */
export function loadSessionRowsShared(now = new Date()): Promise<LoadedRows> {
  const cached = globalForRows.__sessionReconcilerRows;
  if (cached && now.getTime() - cached.at < rowsCacheMs) return cached.rows;
  const rows = loadSessionRows(now).then((loaded) => ({ ...loaded, builtAt: now }));
  const entry = { at: now.getTime(), rows };
  globalForRows.__sessionReconcilerRows = entry;
  rows.catch(() => {
    if (globalForRows.__sessionReconcilerRows === entry) globalForRows.__sessionReconcilerRows = undefined;
  });
  return rows;
}

/** The sessions dashboard's data: every row, filtered, sorted and paged by `query`. */
export async function getSessionsView(query: SessionsQuery): Promise<SessionsView> {
  const { rows, views, thresholds, builtAt } = await loadSessionRowsShared();
  return {
    ...querySessionRows(rows, query),
    generatedAt: builtAt.toISOString(),
    kinds: deriveKindViews(views),
    thresholds,
  };
}
