/**
 * `npm run bench:reconcile`: the reconciler at scale, in-process against the real PostgreSQL and
 * the local cluster seeded by the view benchmark's objects (10,000 sessions, 30,000 objects), read
 * through the same watch-backed observer the app runs. Prints, side by side in one run:
 *  - planning over all sessions: the cold first pass, p50 and p95 of 15;
 *  - the cleanup of 1,000 stuck sessions (1,000 force terminations + 2,000 deletions), beside a
 *    plain loop of client-node deletes of 2,000 other objects at the same concurrency on the same
 *    API server just before it: both rates and their ratio (target ≥ 80 %);
 *  - the API requests of a pass that changes nothing: through the watch (the app), and through
 *    plain lists (the CLI, cron without a watch), broken down by kind into list pages.
 * Figures, not assertions.
 */
import { AppsV1Api, CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import { oneClusterViews, observedKinds, type ClusterSnapshot } from "@/lib/k8s/model/snapshot";
import { parseEnv, type AppEnv } from "@/lib/config/env";
import { openDatabase, type Database } from "@/lib/db/client";
import { deleteObject } from "@/lib/k8s/delete-object";
import { ClusterObserver, listClusterSnapshot, listPageSize } from "@/lib/k8s/observe";
import { countKubernetesRequests } from "@/lib/k8s/request-count";
import { deriveAgentConnection } from "@/lib/platform/agent-connection";
import { listAgents } from "@/lib/db/queries/agents";
import { loadPlanSessions } from "@/lib/db/queries/reconcile";
import { indexBySession } from "@/lib/k8s/model/snapshot";
import { planAcrossClusters } from "@/lib/reconcile/clusters";
import { prepareObservedHealth } from "@/lib/drift/observed-health";
import { deriveReconcilePolicy } from "@/lib/reconcile/policy";
import { runReconcilePass } from "@/lib/reconcile/run";
import { reconcileStoreOver } from "@/lib/reconcile/server";
import { getInstallationId } from "@/lib/db/queries/installation";
import {
  freshBenchDatabase,
  installation,
  kubeconfig,
  namespace,
  pool,
  say,
  script,
  seedCluster,
  keepBenchAgentAlive,
  seedDatabase,
  sessionId,
  total,
} from "./support/bench-seed";
import { measurePlanPasses, planLines, type PlanFigures } from "./support/plan-figures";

const concurrency = 32;

/** Planning alone, over all sessions, against one snapshot: 15 passes, the cold first one included. */
async function measurePlanning(db: Database, env: AppEnv, snapshot: ClusterSnapshot): Promise<PlanFigures> {
  const base = deriveReconcilePolicy(env, await getInstallationId(db));
  const policy = { ...base, modes: { ...base.modes, "agent-lost": "manual" as const } };
  const { sessions, stopHistory } = await loadPlanSessions(db, {
    withObjects: [...indexBySession(snapshot, "session").keys()],
  });
  const now = new Date();
  const agents = new Map(
    (await listAgents(db)).map((a) => [
      a.id,
      { id: a.id, approvalStatus: a.approvalStatus, connection: deriveAgentConnection(a, now, 30) },
    ]),
  );
  // As the loop plans: across the configured clusters (here the one), each with its quiet cache.
  const clusters = [{ cluster: "local", snapshot }];
  return measurePlanPasses((quietByCluster) =>
    planAcrossClusters({
      clusters,
      sessions,
      resolveCluster: () => "local",
      agents,
      stopHistory,
      now,
      policy,
      quietByCluster,
    }),
  );
}

/**
 * The reference: a plain loop of client-node deletes (no database, no evidence, no audit) of the
 * Deployments and Services of 1,000 running sessions the cleanup does not touch, `concurrency` at
 * a time. The view benchmark's seeding puts them back.
 */
async function measureRawDeletes(kc: KubeConfig): Promise<{ deleted: number; seconds: number }> {
  const apps = kc.makeApiClient(AppsV1Api);
  const core = kc.makeApiClient(CoreV1Api);
  const victims = Array.from({ length: total }, (_, i) => i).filter((i) => i % 10 === 5);
  const calls = victims.flatMap((i) => [
    () => apps.deleteNamespacedDeployment({ name: sessionId(i), namespace, propagationPolicy: "Background" }),
    () => core.deleteNamespacedService({ name: sessionId(i), namespace }),
  ]);
  let deleted = 0;
  const started = performance.now();
  await pool(calls, concurrency, async (call) => {
    await call();
    deleted++;
  });
  return { deleted, seconds: (performance.now() - started) / 1000 };
}

/** Waits until the garbage collector has taken the pods of the deleted Deployments (≤ 2 min). */
async function settle(observer: ClusterObserver, pods: number) {
  const started = Date.now();
  while (observer.snapshot().pods.length > pods && Date.now() - started < 120_000)
    await new Promise((resolve) => setTimeout(resolve, 1_000));
}

/** What a list-mode snapshot costs: one request per page of `listPageSize` objects, per kind. */
function describeListPages(snapshot: ClusterSnapshot): string {
  return observedKinds
    .map((kind) => {
      const status = snapshot.kinds[kind];
      const count = status.state === "synced" ? status.count : 0;
      return `${kind} ${Math.max(1, Math.ceil(count / listPageSize))}`;
    })
    .join(", ");
}

async function main() {
  script("local-postgres.sh", ["up"]);
  script("local-cluster.sh", ["up"]);
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  let requests = 0;
  countKubernetesRequests(kc, () => requests++);
  await seedCluster(kc, false);

  const url = await freshBenchDatabase();
  const env = parseEnv({
    DATABASE_URL: url,
    INSTALLATION_NAME: installation,
    RECONCILE_CONCURRENCY: String(concurrency),
    AGENT_HEARTBEAT_TIMEOUT_SECONDS: "30",
    RECONCILE_MODES: "missing-resources=off,pending-too-long=off,agent-lost=manual",
  });
  const handle = await openDatabase({ databaseUrl: url, dataDir: "unused" });
  // Every 10th session stuck in terminating for an hour, its agent gone for an hour: 1,000 of them.
  await seedDatabase(url, (i) => (i % 10 === 0 ? "terminating" : "running"), 3600);
  const stopAgent = await keepBenchAgentAlive(url);

  // The app's way of seeing the cluster: a watch per kind, read without a request.
  const observer = new ClusterObserver(
    kc,
    installation,
    () => new Date(),
    undefined,
    120,
    (kind, object) => prepareObservedHealth(kind, object, new Date(), env.POD_TERMINATING_MARGIN_SECONDS),
  );
  await observer.start();
  const deps = {
    store: reconcileStoreOver(handle.db),
    env,
    getClusterViews: oneClusterViews(async () => observer.snapshot()),
    deleteObject: (ref: Parameters<typeof deleteObject>[1]) => deleteObject(kc, ref),
    clock: () => new Date(),
  };

  const planning = await measurePlanning(handle.db, env, observer.snapshot());

  const podsBefore = observer.snapshot().pods.length;
  say("the reference: a plain loop deleting 2,000 objects of 1,000 running sessions");
  const raw = await measureRawDeletes(kc);
  await settle(observer, podsBefore - raw.deleted / 2);

  // The cleanup pass: 1,000 force terminations and their 2,000 deletions (agent-lost sessions are
  // left alone here: the figure is about the stuck ones).
  say("the cleanup pass over the 1,000 stuck sessions");
  const startedCleanup = performance.now();
  const cleanup = await runReconcilePass(
    { trigger: "cli", actorId: "bench", dryRun: false, allowLargeRun: true },
    deps,
  );
  const cleanupSeconds = (performance.now() - startedCleanup) / 1000;
  const forced = cleanup.outcomes.filter((o) => o.type === "force-terminate" && o.status === "applied");
  const deletions = forced.reduce((n, o) => n + o.deleted.length, 0);
  // A rate over nothing is no figure: say what held the pass back instead.
  if (forced.length === 0)
    throw new Error(
      `the cleanup pass force-terminated nothing (${cleanup.plan.length} planned, ${cleanup.reason ?? "no reason given"}); ` +
        `first attention: ${JSON.stringify(cleanup.attention[0] ?? null)}`,
    );

  // A pass that changes nothing, through the watch (as the app runs it), then through plain lists.
  requests = 0;
  const idle = await runReconcilePass({ trigger: "cli", actorId: "bench", dryRun: false }, deps);
  const idleWatchRequests = requests;
  requests = 0;
  const listed = await listClusterSnapshot(kc, installation, () => new Date());
  const idleListRequests = requests;
  await observer.stop();
  await stopAgent();
  await handle.close();

  const rawRate = raw.deleted / raw.seconds;
  const ourRate = deletions / cleanupSeconds;
  console.log("");
  console.log(
    `reconciler benchmark: ${total} sessions, ${total * 3} objects; 1 in 10 stuck in terminating with its agent gone`,
  );
  for (const line of planLines(planning)) console.log(`  planning: ${line}`);
  console.log(
    `  raw deletes (plain client-node loop)  ${raw.deleted} objects in ${raw.seconds.toFixed(1)} s: ${rawRate.toFixed(1)}/s at concurrency ${concurrency}`,
  );
  console.log(
    `  cleanup of the stuck sessions         ${forced.length} force-terminated, ${deletions} objects deleted in ${cleanupSeconds.toFixed(1)} s: ${ourRate.toFixed(1)}/s (run ${cleanup.runId}: ${cleanup.status})`,
  );
  console.log(
    `  cleanup rate / raw delete rate        ${((100 * ourRate) / rawRate).toFixed(0)} %   target ≥ 80 %`,
  );
  console.log(
    `  API requests of a no-op pass, watch   ${idleWatchRequests} (${idle.plan.length} actions)   target: none per session`,
  );
  console.log(
    `  API requests of a list snapshot       ${idleListRequests} = list pages of ${listPageSize} objects: ${describeListPages(listed)} (the CLI and a cron without a watch)`,
  );
  say("the deleted objects are recreated by the next `npm run bench:view` or `bench:reconcile`");
}

main().catch((error) => {
  console.error(`[bench] failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
