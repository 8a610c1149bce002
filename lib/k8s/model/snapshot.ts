import type { V1Deployment, V1EndpointSlice, V1Pod, V1Service } from "@kubernetes/client-node";

/** The kinds we observe, each with one list (or watch) and the managed-by label selector. */
export const observedKinds = ["deployments", "services", "endpointSlices", "pods"] as const;
export type ObservedKind = (typeof observedKinds)[number];

/**
 * How much we know about one kind. `synced`: the objects are current (watch) or as of `syncedAt`
 * (list). `error`: the last attempt failed; what we hold is not to be trusted — the kind is
 * **unknown**, never empty. `starting`: no attempt finished yet (also unknown).
 */
export type KindStatus =
  | { kind: ObservedKind; state: "synced"; syncedAt: Date; mode: "watch" | "list"; count: number }
  | { kind: ObservedKind; state: "error"; since: Date; error: string; lastSyncedAt: Date | null }
  | { kind: ObservedKind; state: "starting"; since: Date };

/** Everything observed of this installation's objects at one moment. */
export interface ClusterSnapshot {
  observedAt: Date;
  kinds: Record<ObservedKind, KindStatus>;
  deployments: V1Deployment[];
  services: V1Service[];
  endpointSlices: V1EndpointSlice[];
  pods: V1Pod[];
}

/** Whether the objects of `kind` may be relied on (decisions need this; "no objects" does not). */
export function isKindKnown(snapshot: Pick<ClusterSnapshot, "kinds">, kind: ObservedKind): boolean {
  return snapshot.kinds[kind].state === "synced";
}

/** One session's (or one orphan id's) objects. */
export interface SessionObjects {
  deployments: V1Deployment[];
  services: V1Service[];
  endpointSlices: V1EndpointSlice[];
  pods: V1Pod[];
}

export const emptySessionObjects = (): SessionObjects => ({
  deployments: [],
  services: [],
  endpointSlices: [],
  pods: [],
});

/** The same items in the same order, item for item (by identity). */
export const sameItems = <T>(a: readonly T[] | undefined, b: readonly T[] | undefined) =>
  a === b || (!!a && !!b && a.length === b.length && a.every((item, i) => item === b[i]));

/** The last index built over a snapshot's lists, kept by its pods list (see {@link indexBySession}). */
const indexes = new WeakMap<
  readonly unknown[],
  { snapshot: Pick<ClusterSnapshot, ObservedKind>; labelKey: string; index: Map<string, SessionObjects> }
>();

/**
 * Groups a snapshot's objects by the session id in their `sessionLabelKey` label. EndpointSlices
 * carry their Service's labels (the EndpointSlice controller copies them), so they group too.
 * Objects without the label are left out: they are not a session's, and never ours to touch.
 *
 * The index is built once per set of lists: the observer hands out the very same list while a
 * kind is unchanged (lib/k8s/observe.ts), so the passes and the dashboard's requests of a quiet
 * cluster share one index, and a session's entry stays the same object while its objects do.
 * Shared, then: neither the index nor its entries are to be changed.
 */
export function indexBySession(
  snapshot: Pick<ClusterSnapshot, ObservedKind>,
  sessionLabelKey: string,
): ReadonlyMap<string, SessionObjects> {
  const kept = indexes.get(snapshot.pods);
  if (
    kept &&
    kept.labelKey === sessionLabelKey &&
    observedKinds.every((kind) => kept.snapshot[kind] === snapshot[kind])
  )
    return kept.index;
  const index = new Map<string, SessionObjects>();
  const add = <K extends keyof SessionObjects>(key: K, objects: SessionObjects[K]) => {
    for (const object of objects) {
      const sessionId = object.metadata?.labels?.[sessionLabelKey];
      if (!sessionId) continue;
      let entry = index.get(sessionId);
      if (!entry) index.set(sessionId, (entry = emptySessionObjects()));
      (entry[key] as (typeof object)[]).push(object);
    }
  };
  add("deployments", snapshot.deployments);
  add("services", snapshot.services);
  add("endpointSlices", snapshot.endpointSlices);
  add("pods", snapshot.pods);
  const lists = {
    deployments: snapshot.deployments,
    services: snapshot.services,
    endpointSlices: snapshot.endpointSlices,
    pods: snapshot.pods,
  };
  indexes.set(snapshot.pods, { snapshot: lists, labelKey: sessionLabelKey, index });
  return index;
}

/** The session ids a snapshot's objects carry in their `sessionLabelKey` label (no index built). */
export function sessionIdsIn(snapshot: ClusterSnapshot, sessionLabelKey: string): Set<string> {
  const ids = new Set<string>();
  for (const kind of observedKinds)
    for (const object of snapshot[kind]) {
      const id = object.metadata?.labels?.[sessionLabelKey];
      if (id) ids.add(id);
    }
  return ids;
}

/** One configured cluster (its id, lib/config/clusters.ts) and what is observed of it. */
export interface ClusterView {
  cluster: string;
  snapshot: ClusterSnapshot;
}

/** The views of an installation with one cluster, `cluster`, read by `getSnapshot` (tests, the CLI). */
export const oneClusterViews =
  (getSnapshot: () => Promise<ClusterSnapshot>, cluster = "local") =>
  async (): Promise<ClusterView[]> => [{ cluster, snapshot: await getSnapshot() }];
