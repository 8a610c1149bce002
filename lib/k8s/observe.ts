import {
  AppsV1Api,
  CoreV1Api,
  DiscoveryV1Api,
  ListWatch,
  type KubeConfig,
  type KubernetesListObject,
  type KubernetesObject,
} from "@kubernetes/client-node";
import { describeClusterError } from "./cluster-status";
import { deriveManagedSelector } from "./model/labels";
import { LivelyWatch } from "./lively-watch";
import { trimObject } from "./model/trim";
import {
  observedKinds,
  sameItems,
  type ClusterSnapshot,
  type KindStatus,
  type ObservedKind,
} from "./model/snapshot";

type Page = { labelSelector: string; limit: number; _continue?: string };
type Lister = (page: Page) => Promise<KubernetesListObject<KubernetesObject>>;

/** Objects per list page: big lists arrive in pieces, trimmed as they come, never all at once. */
export const listPageSize = 500;

/**
 * Lists every object of a kind with the selector, page by page (one consistent snapshot, as the
 * API server serves continue tokens), trimming each page; answers one list with the snapshot's
 * resourceVersion, ready for an informer to watch from.
 */
async function listAll(
  kind: ObservedKind,
  list: Lister,
  labelSelector: string,
): Promise<KubernetesListObject<KubernetesObject>> {
  const items: KubernetesObject[] = [];
  let resourceVersion: string | undefined;
  let token: string | undefined;
  do {
    const page = await list({ labelSelector, limit: listPageSize, ...(token ? { _continue: token } : {}) });
    for (const item of page.items) items.push(trimObject(kind, item));
    resourceVersion ??= page.metadata?.resourceVersion;
    token = page.metadata?._continue || undefined;
  } while (token);
  return {
    apiVersion: "v1",
    kind: "List",
    items,
    metadata: { resourceVersion },
  } as KubernetesListObject<KubernetesObject>;
}

/**
 * One list call per kind with the managed-by selector, and its watch path: over all namespaces
 * (`namespace` undefined, needs a ClusterRole) or in one namespace (a Role there suffices).
 */
function kindSources(
  kubeConfig: KubeConfig,
  namespace?: string,
): Record<ObservedKind, { path: string; list: Lister }> {
  const apps = kubeConfig.makeApiClient(AppsV1Api);
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const discovery = kubeConfig.makeApiClient(DiscoveryV1Api);
  if (namespace) {
    const ns = `/namespaces/${namespace}`;
    return {
      deployments: {
        path: `/apis/apps/v1${ns}/deployments`,
        list: (page) => apps.listNamespacedDeployment({ namespace, ...page }),
      },
      services: {
        path: `/api/v1${ns}/services`,
        list: (page) => core.listNamespacedService({ namespace, ...page }),
      },
      endpointSlices: {
        path: `/apis/discovery.k8s.io/v1${ns}/endpointslices`,
        list: (page) => discovery.listNamespacedEndpointSlice({ namespace, ...page }),
      },
      pods: { path: `/api/v1${ns}/pods`, list: (page) => core.listNamespacedPod({ namespace, ...page }) },
    };
  }
  return {
    deployments: {
      path: "/apis/apps/v1/deployments",
      list: (page) => apps.listDeploymentForAllNamespaces(page),
    },
    services: { path: "/api/v1/services", list: (page) => core.listServiceForAllNamespaces(page) },
    endpointSlices: {
      path: "/apis/discovery.k8s.io/v1/endpointslices",
      list: (page) => discovery.listEndpointSliceForAllNamespaces(page),
    },
    pods: { path: "/api/v1/pods", list: (page) => core.listPodForAllNamespaces(page) },
  };
}

/** Where to observe: every namespace, or each of the configured ones. */
const scopesOf = (namespaces: readonly string[] | undefined): (string | undefined)[] =>
  namespaces?.length ? [...namespaces] : [undefined];

/**
 * One status per kind from the statuses of its scopes: synced only when every scope is (as of
 * the oldest); otherwise the first scope that is not, named.
 */
function combineStatuses(
  kind: ObservedKind,
  parts: { scope: string | undefined; status: KindStatus }[],
): KindStatus {
  const bad = parts.find((p) => p.status.state !== "synced");
  if (bad) {
    return bad.status.state === "error" && bad.scope
      ? { ...bad.status, kind, error: `namespace ${bad.scope}: ${bad.status.error}` }
      : { ...bad.status, kind };
  }
  const synced = parts.map((p) => p.status as Extract<KindStatus, { state: "synced" }>);
  return {
    kind,
    state: "synced",
    syncedAt: new Date(Math.min(...synced.map((s) => s.syncedAt.getTime()))),
    mode: synced[0]?.mode ?? "list",
    count: synced.reduce((n, s) => n + s.count, 0),
  };
}

function snapshotFrom(
  observedAt: Date,
  statuses: Record<ObservedKind, KindStatus>,
  objects: Record<ObservedKind, KubernetesObject[]>,
): ClusterSnapshot {
  // A kind that is not synced contributes no objects: callers must look at its status, and no
  // stale object may look current.
  const known = (kind: ObservedKind) => (statuses[kind].state === "synced" ? objects[kind] : []);
  return {
    observedAt,
    kinds: statuses,
    deployments: known("deployments"),
    services: known("services"),
    endpointSlices: known("endpointSlices"),
    pods: known("pods"),
  } as ClusterSnapshot;
}

/**
 * Lists every kind once (4 requests in total, never one per session). For hosts without a
 * long-lived process (cron on a serverless platform) and for the CLI. A failed list makes its kind
 * `error` and leaves the others intact.
 */
export async function listClusterSnapshot(
  kubeConfig: KubeConfig,
  installation: string,
  now: () => Date,
  namespaces?: readonly string[],
): Promise<ClusterSnapshot> {
  const selector = deriveManagedSelector(installation);
  const statuses = {} as Record<ObservedKind, KindStatus>;
  const objects = {} as Record<ObservedKind, KubernetesObject[]>;
  await Promise.all(
    observedKinds.map(async (kind) => {
      const parts = await Promise.all(
        scopesOf(namespaces).map(async (scope) => {
          try {
            const list = await listAll(kind, kindSources(kubeConfig, scope)[kind].list, selector);
            const status: KindStatus = {
              kind,
              state: "synced",
              syncedAt: now(),
              mode: "list",
              count: list.items.length,
            };
            return { scope, status, items: list.items };
          } catch (error) {
            const status: KindStatus = {
              kind,
              state: "error",
              since: now(),
              error: describeClusterError(error),
              lastSyncedAt: null,
            };
            return { scope, status, items: [] as KubernetesObject[] };
          }
        }),
      );
      statuses[kind] = combineStatuses(kind, parts);
      objects[kind] = parts.flatMap((p) => p.items);
    }),
  );
  return snapshotFrom(now(), statuses, objects);
}

type Watched = {
  kind: ObservedKind;
  scope: string | undefined;
  informer: ListWatch<KubernetesObject>;
  status: KindStatus;
  /** The last sign the watch is alive: an answer, an event or a bookmark. */
  lastLife: Date;
  /** Stopped by us for silence: its abort is not news, the silence is. */
  restarting?: boolean;
  retryTimer?: NodeJS.Timeout;
  failures: number;
};

/**
 * Keeps a watch-backed cache per kind (client-node informers: one LIST, then a WATCH). Reading a
 * snapshot costs no request. A kind whose list or watch fails is `error` (unknown) until a restart
 * succeeds; restarts back off from 1 s to 30 s. A watch that shows no life for `staleSeconds`
 * (each watch request ends after half of it, so a live one always does) is unknown from then on,
 * and is started again: a connection that froze without closing is never taken for a quiet one.
 */
export class ClusterObserver {
  private readonly watched: Watched[] = [];
  private readonly lastLists = new Map<ObservedKind, KubernetesObject[]>();
  private started = false;

  constructor(
    private readonly kubeConfig: KubeConfig,
    private readonly installation: string,
    private readonly now: () => Date = () => new Date(),
    /** Observe only these namespaces (one watch per kind in each); all namespaces when absent. */
    private readonly namespaces?: readonly string[],
    /** A watch silent for longer than this is unknown (and restarted). */
    private readonly staleSeconds = 120,
    /**
     * Called with each object as it arrives (listed, added, changed), once trimmed: the server
     * derives its health then, once per version, so no pass pays for a whole cluster's at once.
     */
    private readonly onArrival?: (kind: ObservedKind, object: KubernetesObject) => void,
  ) {}

  private staleTimer?: NodeJS.Timeout;

  /** Starts every kind's informer; resolves when each has synced or failed once. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const selector = deriveManagedSelector(this.installation);
    const targets = observedKinds.flatMap((kind) =>
      scopesOf(this.namespaces).map((scope) => ({ kind, scope })),
    );
    await Promise.all(
      targets.map(({ kind, scope }) => {
        const sources = kindSources(this.kubeConfig, scope);
        const watch = new LivelyWatch(this.kubeConfig, Math.max(1, Math.floor(this.staleSeconds / 2)), () => {
          entry.lastLife = this.now();
        });
        const informer = new ListWatch<KubernetesObject>(
          sources[kind].path,
          watch,
          async () => {
            const list = await listAll(kind, sources[kind].list, selector);
            entry.lastLife = this.now();
            return list;
          },
          false,
          selector,
        );
        // The informer caches the object it passes here: trimming it shrinks the cache.
        const arrived = (object: KubernetesObject) => {
          trimObject(kind, object);
          this.onArrival?.(kind, object);
        };
        informer.on("add", arrived);
        informer.on("update", arrived);
        const entry: Watched = {
          kind,
          scope,
          informer,
          status: { kind, state: "starting", since: this.now() },
          lastLife: this.now(),
          failures: 0,
        };
        this.watched.push(entry);
        informer.on("error", (error: unknown) => this.failed(kind, entry, error));
        return this.run(kind, entry);
      }),
    );
    this.staleTimer = setInterval(() => this.restartSilent(), (this.staleSeconds * 1000) / 4);
    this.staleTimer.unref();
  }

  private isSilent(entry: Watched): boolean {
    return this.now().getTime() - entry.lastLife.getTime() > this.staleSeconds * 1000;
  }

  /** A synced watch silent past the bound is unknown from its last sign of life, and restarted. */
  private restartSilent(): void {
    for (const entry of this.watched) {
      if (entry.status.state !== "synced" || !this.isSilent(entry)) continue;
      // Aborting the frozen request reports an error, which takes the usual retry path.
      entry.status = this.silentStatus(entry);
      entry.restarting = true;
      void entry.informer.stop();
    }
  }

  private silentStatus(entry: Watched): KindStatus {
    return {
      kind: entry.kind,
      state: "error",
      since: entry.lastLife,
      error: `the watch has shown no sign of life since ${entry.lastLife.toISOString()} (frozen connection?)`,
      lastSyncedAt: entry.lastLife,
    };
  }

  private async run(kind: ObservedKind, entry: Watched): Promise<void> {
    const before = entry.status;
    let failed = false;
    const onError = () => (failed = true);
    entry.informer.on("error", onError);
    try {
      await entry.informer.start();
    } catch (error) {
      failed = true;
      this.failed(kind, entry, error);
    } finally {
      entry.informer.off("error", onError);
    }
    if (!failed && this.started) {
      entry.failures = 0;
      entry.status = {
        kind,
        state: "synced",
        syncedAt: this.now(),
        mode: "watch",
        count: entry.informer.list().length,
      };
    } else if (before === entry.status && entry.status.state !== "error") {
      this.failed(kind, entry, new Error("informer did not start"));
    }
  }

  private failed(kind: ObservedKind, entry: Watched, error: unknown): void {
    if (entry.restarting) {
      // Our own abort of a silent watch: the news is the silence, kept as it was said.
      entry.restarting = false;
      error = new Error((entry.status as { error?: string }).error ?? "the watch fell silent");
    }
    const lastSyncedAt =
      entry.status.state === "synced"
        ? entry.status.syncedAt
        : entry.status.state === "error"
          ? entry.status.lastSyncedAt
          : null;
    const since = entry.status.state === "error" ? entry.status.since : this.now();
    entry.status = { kind, state: "error", since, error: describeClusterError(error), lastSyncedAt };
    if (!this.started || entry.retryTimer) return;
    const delayMs = Math.min(30_000, 1_000 * 2 ** entry.failures++);
    entry.retryTimer = setTimeout(() => {
      entry.retryTimer = undefined;
      void this.run(kind, entry);
    }, delayMs);
    entry.retryTimer.unref();
  }

  /** The current cache as a snapshot: no request to the API server. */
  snapshot(): ClusterSnapshot {
    const statuses = {} as Record<ObservedKind, KindStatus>;
    const objects = {} as Record<ObservedKind, KubernetesObject[]>;
    for (const kind of observedKinds) {
      const entries = this.watched.filter((e) => e.kind === kind);
      const parts = entries.map((e) => ({
        scope: e.scope,
        status:
          e.status.state !== "synced"
            ? e.status
            : this.isSilent(e)
              ? this.silentStatus(e)
              : ({ ...e.status, count: e.informer.list().length } as KindStatus),
      }));
      statuses[kind] = parts.length
        ? combineStatuses(kind, parts)
        : { kind, state: "starting", since: this.now() };
      // The very same list while nothing of the kind changed: what is built over it (the index
      // by session, lib/k8s/model/snapshot.ts) is kept by the list's identity.
      const current = entries.flatMap((e) => e.informer.list());
      const last = this.lastLists.get(kind);
      if (last && sameItems(last, current)) objects[kind] = last;
      else this.lastLists.set(kind, (objects[kind] = current));
    }
    return snapshotFrom(this.now(), statuses, objects);
  }

  async stop(): Promise<void> {
    this.started = false;
    clearInterval(this.staleTimer);
    for (const entry of this.watched) {
      clearTimeout(entry.retryTimer);
      await entry.informer.stop();
    }
  }
}
