/**
 * `npm run bench:reconcile`: the reconciler at scale, in-process against the real PostgreSQL and
 * the local cluster seeded by the view benchmark's objects (10,000 sessions, 30,000 objects).
 * Prints: planning time over all sessions (p50/p95), the API requests of a pass that changes
 * nothing, and the time to clean up 1,000 stuck sessions (1,000 force terminations + 2,000
 * deletions). Targets from DESIGN.md beside each. Figures, not assertions.
 */
import { oneClusterViews } from "@/lib/k8s/model/snapshot";
import { KubeConfig } from "@kubernetes/client-node";
import { parseEnv, type AppEnv } from "@/lib/config/env";
import { openDatabase, type Database } from "@/lib/db/client";
import { deleteObject } from "@/lib/k8s/delete-object";
import { listClusterSnapshot } from "@/lib/k8s/observe";
import { countKubernetesRequests } from "@/lib/k8s/request-count";
import { deriveAgentConnection } from "@/lib/platform/agent-connection";
import { listAgents } from "@/lib/db/queries/agents";
import { loadPlanSessions } from "@/lib/db/queries/reconcile";
import { indexBySession } from "@/lib/k8s/model/snapshot";
import { planReconcile } from "@/lib/reconcile/plan";
import { deriveReconcilePolicy } from "@/lib/reconcile/policy";
import { runReconcilePass } from "@/lib/reconcile/run";
import { reconcileStoreOver } from "@/lib/reconcile/server";
import { getInstallationId } from "@/lib/db/queries/installation";
import {
  freshBenchDatabase,
  installation,
  kubeconfig,
  percentile,
  say,
  script,
  seedCluster,
  seedDatabase,
  total,
} from "./support/bench-seed";

/** Planning alone, over all sessions, against one snapshot: 15 runs, the cold first one included. */
async function measurePlanning(
  db: Database,
  env: AppEnv,
  getSnapshot: () => ReturnType<typeof listClusterSnapshot>,
): Promise<{ planTimes: number[]; planned: number }> {
  const snapshot = await getSnapshot();
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
  const planTimes: number[] = [];
  let planned = 0;
  for (let i = 0; i < 15; i++) {
    const started = performance.now();
    planned = planReconcile({ sessions, agents, snapshot, stopHistory, now, policy }).actions.length;
    planTimes.push(performance.now() - started);
  }

  return { planTimes, planned };
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
    RECONCILE_CONCURRENCY: "32",
    AGENT_HEARTBEAT_TIMEOUT_SECONDS: "30",
    RECONCILE_MODES: "missing-resources=off,pending-too-long=off",
  });
  const handle = await openDatabase({ databaseUrl: url, dataDir: "unused" });
  // Every 10th session stuck in terminating for an hour, its agent gone for an hour: 1,000 of them.
  await seedDatabase(url, (i) => (i % 10 === 0 ? "terminating" : "running"), 3600);
  const getSnapshot = () => listClusterSnapshot(kc, installation, () => new Date());
  const deps = {
    store: reconcileStoreOver(handle.db),
    env,
    getClusterViews: oneClusterViews(getSnapshot),
    deleteObject: (ref: Parameters<typeof deleteObject>[1]) => deleteObject(kc, ref),
    clock: () => new Date(),
  };

  const { planTimes, planned } = await measurePlanning(handle.db, env, getSnapshot);

  // The cleanup pass: 1,000 force terminations and their 2,000 deletions (agent-lost sessions are
  // left alone here: the figure is about the stuck ones).
  const cleanupEnv = { ...env, RECONCILE_MODES: { ...env.RECONCILE_MODES, "agent-lost": "manual" as const } };
  const startedCleanup = performance.now();
  const cleanup = await runReconcilePass(
    { trigger: "cli", actorId: "bench", dryRun: false, allowLargeRun: true },
    { ...deps, env: cleanupEnv },
  );
  const cleanupSeconds = (performance.now() - startedCleanup) / 1000;
  const forced = cleanup.outcomes.filter((o) => o.type === "force-terminate" && o.status === "applied");
  const deletions = forced.reduce((n, o) => n + o.deleted.length, 0);

  // A pass that changes nothing: count the requests it makes to the API server.
  requests = 0;
  const idle = await runReconcilePass(
    { trigger: "cli", actorId: "bench", dryRun: false },
    { ...deps, env: cleanupEnv },
  );
  const idleRequests = requests;
  await handle.close();

  console.log("");
  console.log(
    `reconciler benchmark: ${total} sessions, ${total * 3} objects; 1 in 10 stuck in terminating with its agent gone`,
  );
  console.log(
    `  planning a pass over all sessions p50 / p95   ${percentile(planTimes, 50).toFixed(1)} ms / ${percentile(planTimes, 95).toFixed(1)} ms   target < 50 ms (${planned} actions)`,
  );
  console.log(
    `  cleanup of the stuck sessions                ${forced.length} force-terminated, ${deletions} objects deleted in ${cleanupSeconds.toFixed(1)} s   target 1,000 + 2,000 in < 60 s (run ${cleanup.runId}: ${cleanup.status})`,
  );
  console.log(
    `  API requests of a pass that changes nothing  ${idleRequests} (${idle.plan.length} actions; one list per kind)   target: none per session`,
  );
  say("the cleaned-up objects are recreated by the next `npm run bench:view` or `bench:reconcile`");
}

main().catch((error) => {
  console.error(`[bench] failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
