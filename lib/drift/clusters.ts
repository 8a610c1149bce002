import type { ClusterSnapshot, ClusterView } from "@/lib/k8s/model/snapshot";

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
  // One look at each object's label, no index: the plan builds its own, and a pass over 40,000
  // objects building two cost as much as the rest of planning.
  const counts = new Map<string, MisplacedSession>();
  const count = (objects: readonly { metadata?: { labels?: Record<string, string> } }[]) => {
    for (const object of objects) {
      const sessionId = object.metadata?.labels?.[sessionLabelKey];
      const home = sessionId ? clusterOf.get(sessionId) : undefined;
      if (home === undefined || home === cluster) continue;
      const seen = counts.get(sessionId!);
      if (seen) seen.objects++;
      else counts.set(sessionId!, { sessionId: sessionId!, home, objects: 1 });
    }
  };
  count(snapshot.deployments);
  count(snapshot.services);
  count(snapshot.pods);
  // EndpointSlices are dropped with their session but not counted (they follow their Service).
  for (const slice of snapshot.endpointSlices) {
    const sessionId = slice.metadata?.labels?.[sessionLabelKey];
    const home = sessionId ? clusterOf.get(sessionId) : undefined;
    if (home !== undefined && home !== cluster && !counts.has(sessionId!))
      counts.set(sessionId!, { sessionId: sessionId!, home, objects: 0 });
  }
  const misplaced = [...counts.values()];
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
