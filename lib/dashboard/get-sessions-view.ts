import "server-only";
import { getEffectiveConfig } from "@/lib/config/runtime-env";
import { listAgents } from "@/lib/db/readers/agents";
import { getInstallationId } from "@/lib/db/readers/installation";
import { listSessionsForView } from "@/lib/db/readers/sessions";
import { deriveDriftThresholds } from "@/lib/drift/thresholds-from-env";
import type { DriftThresholds } from "@/lib/drift/types";
import { getClusterSnapshot } from "@/lib/k8s/observer";
import { observedKinds, type KindStatus } from "@/lib/k8s/model/snapshot";
import { deriveDriftAgents } from "@/lib/platform/agent-connection";
import { querySessionRows, type SessionsPage, type SessionsQuery } from "./query";
import { buildSessionRows, type RowCache } from "./session-rows";

/** A kind's freshness for the page: synced (as of `at`), or unknown since `at` and why. */
export interface KindStatusView {
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

/** What the sessions dashboard shows, as JSON-safe data. */
export interface SessionsView extends SessionsPage {
  generatedAt: string;
  kinds: KindStatusView[];
  thresholds: DriftThresholds;
}

/**
 * Every row of the dashboard: sessions from the database, objects from the cluster snapshot (no
 * request per session; none at all with the watch cache), joined and classified.
 */
export async function loadSessionRows(now: Date) {
  // The thresholds in force (the environment's, or an admin's from /settings).
  const { env } = await getEffectiveConfig();
  const thresholds = deriveDriftThresholds(env);
  // A cached row was classified with the thresholds of its day: another set makes it stale.
  const thresholdsKey = JSON.stringify(thresholds);
  if (thresholdsKey !== rowCacheThresholds) {
    rowCache.clear();
    rowCacheThresholds = thresholdsKey;
  }
  const snapshot = await getClusterSnapshot();
  const idsInCluster = new Set<string>();
  for (const object of [...snapshot.deployments, ...snapshot.services, ...snapshot.pods]) {
    const id = object.metadata?.labels?.[env.SESSION_LABEL_KEY];
    if (id) idsInCluster.add(id);
  }
  const [sessions, agentRows, installationId] = await Promise.all([
    listSessionsForView({
      endedSince: new Date(now.getTime() - env.DASHBOARD_ENDED_RETENTION_SECONDS * 1000),
      withObjects: [...idsInCluster],
    }),
    listAgents(),
    getInstallationId(),
  ]);
  const agents = deriveDriftAgents(agentRows, now, env.AGENT_HEARTBEAT_TIMEOUT_SECONDS);
  const rows = buildSessionRows({
    cache: rowCache,
    sessions,
    agents,
    snapshot,
    sessionLabelKey: env.SESSION_LABEL_KEY,
    now,
    thresholds,
    installationId,
  });
  return {
    rows,
    agentRows,
    snapshot,
    thresholds,
    heartbeatTimeoutSeconds: env.AGENT_HEARTBEAT_TIMEOUT_SECONDS,
  };
}

// Rows that time alone cannot change, kept across builds (each is checked against its inputs).
const rowCache: RowCache = new Map();
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
  const { rows, snapshot, thresholds, builtAt } = await loadSessionRowsShared();
  return {
    ...querySessionRows(rows, query),
    generatedAt: builtAt.toISOString(),
    kinds: observedKinds.map((kind) => toKindStatusView(snapshot.kinds[kind])),
    thresholds,
  };
}
