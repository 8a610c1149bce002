import { indexBySession, type ClusterSnapshot, type ClusterView } from "@/lib/k8s/model/snapshot";

/**
 * The sessions of each configured cluster (in the clusters' order), and those whose cluster is
 * not configured here (`resolve` answers undefined for them: lib/config/clusters.ts resolveCluster).
 */
export function partitionByCluster<S extends { id: string; cluster?: string }>(
  sessions: S[],
  clusters: readonly string[],
  resolve: (cluster: string | undefined) => string | undefined,
): { own: Map<string, S[]>; clusterOf: Map<string, string>; unwatched: S[] } {
  const own = new Map(clusters.map((c) => [c, [] as S[]]));
  const clusterOf = new Map<string, string>();
  const unwatched: S[] = [];
  for (const session of sessions) {
    const cluster = resolve(session.cluster);
    const list = cluster === undefined ? undefined : own.get(cluster);
    if (list === undefined || cluster === undefined) {
      unwatched.push(session);
      continue;
    }
    list.push(session);
    clusterOf.set(session.id, cluster);
  }
  return { own, clusterOf, unwatched };
}

/** Objects of sessions that live in another cluster, seen in `view`'s: per session id, how many. */
export interface MisplacedSession {
  sessionId: string;
  home: string;
  objects: number;
}

/**
 * `view`'s snapshot without the objects of sessions whose home is another cluster, and those
 * sessions. Such objects are never this cluster's to judge: one cluster configured twice (or an
 * agent registered under the wrong cluster) would otherwise make every session of the other look
 * like an orphan here.
 */
export function withoutOtherClustersObjects(
  view: ClusterView,
  clusterOf: Map<string, string>,
  sessionLabelKey: string,
): { kept: ClusterSnapshot; misplaced: MisplacedSession[] } {
  const { cluster, snapshot } = view;
  const misplaced: MisplacedSession[] = [];
  for (const [sessionId, objects] of indexBySession(snapshot, sessionLabelKey)) {
    const home = clusterOf.get(sessionId);
    if (home === undefined || home === cluster) continue;
    const count = objects.deployments.length + objects.services.length + objects.pods.length;
    misplaced.push({ sessionId, home, objects: count });
  }
  if (misplaced.length === 0) return { kept: snapshot, misplaced };
  const away = new Set(misplaced.map((m) => m.sessionId));
  const stays = (o: { metadata?: { labels?: Record<string, string> } }) =>
    !away.has(o.metadata?.labels?.[sessionLabelKey] ?? "");
  return {
    kept: {
      ...snapshot,
      deployments: snapshot.deployments.filter(stays),
      services: snapshot.services.filter(stays),
      endpointSlices: snapshot.endpointSlices.filter(stays),
      pods: snapshot.pods.filter(stays),
    },
    misplaced,
  };
}
