/**
 * `npm run bench:view`: the sessions view at scale. Seeds 10,000 sessions into PostgreSQL and their
 * 30,000 objects (10,000 Deployments with their Pods, 10,000 Services) into the local cluster, runs
 * the production app against them and prints: the dashboard data request's latency (cold and
 * warm, p50/p95), the server's memory, the API server requests one refresh costs, and how long a
 * change in the cluster takes to show as drift. Targets from DESIGN.md are printed beside each.
 *
 * Objects are labelled `managed-by=sr-bench` in namespace `sr-bench` and kept between runs (seeding
 * takes minutes); `npm run bench:view -- --reset` deletes them first. Figures, not assertions.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { AppsV1Api, CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import { deriveSessionDeployment, deriveSessionService } from "@/lib/k8s/model/session-manifests";
import { startApp } from "@/test/support/processes";
import { signIn, testAdmin, testMetricsToken } from "@/test/support/auth";
import {
  benchSessionSpec,
  freshBenchDatabase,
  ignoreConflict,
  installation,
  kubeconfig,
  namespace,
  percentile,
  script,
  seedCluster,
  seedDatabase,
  sessionId,
  total,
} from "./support/bench-seed";

const reset = process.argv.includes("--reset");

function processMemory(rootPid: number): { rssMb: number; peakMb: number; each: string } {
  // `next start` runs the server in a child process; measure every process of the group.
  const pids = execFileSync("pgrep", ["-g", String(rootPid)], { encoding: "utf8" })
    .trim()
    .split("\n");
  let rss = 0;
  let peak = 0;
  const each: string[] = [];
  for (const pid of pids) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      const own = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      const ownPeak = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
      rss += own;
      peak = Math.max(peak, ownPeak);
      const name = /Name:\s+(\S+)/.exec(status)?.[1] ?? pid;
      each.push(`${name} ${Math.round(own / 1024)}/${Math.round(ownPeak / 1024)} MB`);
    } catch {
      // exited
    }
  }
  return { rssMb: Math.round(rss / 1024), peakMb: Math.round(peak / 1024), each: each.join(", ") };
}

/**
 * The reference: what an admin would run instead, `kubectl get deploy,svc,pods -A -l <our selector>
 * -o json`, timed to its last byte (the same objects the dashboard reads; kubectl lists each kind).
 */
function timeKubectl(runs: number): number[] {
  const kubectl = script("local-cluster.sh", ["kubectl"]);
  const selector = `app.kubernetes.io/managed-by=${installation}`;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    execFileSync(
      kubectl,
      ["--kubeconfig", kubeconfig, "get", "deploy,svc,pods", "-A", "-l", selector, "-o", "json"],
      {
        maxBuffer: 1 << 30,
        stdio: ["ignore", "ignore", "inherit"],
      },
    );
    times.push(performance.now() - started);
  }
  return times;
}

const metricsText = async (url: string) =>
  (await fetch(`${url}/api/metrics`, { headers: { authorization: `Bearer ${testMetricsToken}` } })).text();

/** Where the server's memory is, from its own process metrics: the JS heap by space, and outside it. */
async function memoryBreakdown(url: string): Promise<string> {
  const text = await metricsText(url);
  const mb = (v: number) => `${Math.round(v / 1048576)} MB`;
  const value = (name: string) => Number(new RegExp(`^${name} (\\S+)`, "m").exec(text)?.[1] ?? Number.NaN);
  const spaces = [...text.matchAll(/^nodejs_heap_space_size_used_bytes\{space="([^"]+)"\} (\S+)/gm)]
    .map((m) => ({ space: m[1]!, used: Number(m[2]) }))
    .filter((s) => s.used > 4 * 1048576)
    .sort((a, b) => b.used - a.used);
  return (
    `JS heap used ${mb(value("nodejs_heap_size_used_bytes"))} (${spaces.map((s) => `${s.space} ${mb(s.used)}`).join(", ")}), ` +
    `external ${mb(value("nodejs_external_memory_bytes"))}`
  );
}

async function kubernetesRequests(url: string): Promise<number> {
  const text = await metricsText(url);
  return [...text.matchAll(/^session_reconciler_kubernetes_requests_total\{[^}]*\} (\d+)/gm)].reduce(
    (sum, m) => sum + Number(m[1]),
    0,
  );
}

/** The bench reads as a signed-in viewer would: the session lookup is part of every measured request. */
const signedIn: Record<string, string> = {};

async function timed(url: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(url, { headers: signedIn });
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return performance.now() - started;
}

/** The data route's latency: cold, warm with shared rows, warm with rows rebuilt; the SSR page. */
async function measureRequests(appUrl: string, data: (query?: string) => string) {
  const cold = await timed(data());
  const queries = [
    "",
    "?drift=stuck-terminating",
    "?q=bench0004242",
    "?page=40",
    "?sort=id&dir=asc",
    "?state=terminated",
  ];
  for (const q of queries) await timed(data(q)); // warm every path once
  // Rows are built at most once a second and shared by every viewer: measure both the shared
  // (typical with several admins watching) and the rebuilt case (one viewer, each refresh).
  const warm: number[] = [];
  for (let i = 0; i < 120; i++) warm.push(await timed(data(queries[i % queries.length])));
  const rebuilt: number[] = [];
  for (let i = 0; i < 25; i++) {
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    rebuilt.push(await timed(data(queries[i % queries.length])));
  }
  const pageWarm: number[] = [];
  for (let i = 0; i < 20; i++) pageWarm.push(await timed(`${appUrl}/sessions`));
  return { cold, warm, rebuilt, pageWarm };
}

/**
 * Drift latency: a running session's Deployment and Service deleted in the cluster, timed until
 * the dashboard's data calls it missing; put back afterwards for the next run.
 */
async function measureDriftLatency(kc: KubeConfig, data: (query?: string) => string): Promise<number> {
  const victim = sessionId(7);
  const started = performance.now();
  await kc
    .makeApiClient(AppsV1Api)
    .deleteNamespacedDeployment({ name: victim, namespace, propagationPolicy: "Foreground" });
  await kc.makeApiClient(CoreV1Api).deleteNamespacedService({ name: victim, namespace });
  let driftSeconds = Number.NaN;
  while (performance.now() - started < 60_000) {
    const view = (await (await fetch(data(`?q=${victim}`), { headers: signedIn })).json()) as {
      rows: { drift: { driftClass: string }[] }[];
    };
    if (view.rows[0]?.drift.some((d) => d.driftClass === "missing-resources")) {
      driftSeconds = (performance.now() - started) / 1000;
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const spec = benchSessionSpec(7);

  await new Promise((resolve) => setTimeout(resolve, 3_000));
  await kc
    .makeApiClient(AppsV1Api)
    .createNamespacedDeployment({ namespace, body: deriveSessionDeployment(spec) })
    .catch(ignoreConflict);
  await kc
    .makeApiClient(CoreV1Api)
    .createNamespacedService({ namespace, body: deriveSessionService(spec) })
    .catch(ignoreConflict);
  return driftSeconds;
}

function printReport(figures: {
  latency: Awaited<ReturnType<typeof measureRequests>>;
  perRefresh: number;
  memory: ReturnType<typeof processMemory>;
  driftSeconds: number;
  kubectl: number[];
  heap: string;
}) {
  const { latency, perRefresh, memory, driftSeconds, kubectl, heap } = figures;
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  const p = (values: number[]) => `${ms(percentile(values, 50))} / ${ms(percentile(values, 95))}`;
  console.log("");
  console.log(
    `sessions view benchmark: ${total} sessions, ${total * 3} objects (Deployments, Services, Pods) + ${total} EndpointSlices`,
  );
  console.log(`  data request, cold (first after start) ${ms(latency.cold)}`);
  console.log(`  data request, warm, rows shared p50/p95 ${p(latency.warm)}   target p95 < 200 ms`);
  console.log(`  data request, warm, rows rebuilt p50/p95 ${p(latency.rebuilt)}   target p95 < 200 ms`);
  console.log(`  kubectl get deploy,svc,pods -o json   ${p(kubectl)} (the same objects, listed by kubectl)`);
  const ratio = percentile(kubectl, 50) / percentile(latency.rebuilt, 50);
  console.log(`  rows rebuilt vs kubectl (p50)         ${ratio.toFixed(1)}× faster   target ≥ 5×`);
  console.log(`  /sessions page (SSR), warm p50 / p95   ${p(latency.pageWarm)}`);
  console.log(`  API server requests per refresh        ${perRefresh}   target: none per session`);
  console.log(
    `  server memory RSS now / peak           ${memory.rssMb} MB / ${memory.peakMb} MB   target steady < 500 MB, peak < 700 MB`,
  );
  console.log(`  each process (RSS now/peak)            ${memory.each}`);
  console.log(`  of which (the server process)          ${heap}`);
  console.log(
    `  cluster change → drift in the data     ${driftSeconds.toFixed(2)} s (the page refetches every 3 s)   target < 5 s`,
  );
}

async function main() {
  script("local-postgres.sh", ["up"]);
  script("local-cluster.sh", ["up"]);
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  await seedCluster(kc, reset);
  const benchUrl = await freshBenchDatabase();

  const env = {
    DATABASE_URL: benchUrl,
    KUBECONFIG: kubeconfig,
    INSTALLATION_NAME: installation,
    AGENT_HEARTBEAT_TIMEOUT_SECONDS: "86400",
    MISSING_RESOURCES_GRACE_SECONDS: "0",
    AGENT_LIVENESS_INTERVAL_SECONDS: "0",
    // The server's Node options, as the chart sets them (values.yaml `heapMegabytes`); override
    // with BENCH_APP_NODE_OPTIONS ("" for Node's own default heap) to compare.
    NODE_OPTIONS: process.env.BENCH_APP_NODE_OPTIONS ?? "--max-old-space-size=384",
  };
  // The first start applies the migrations; the rows go in before the measured start.
  const migrate = await startApp("bench-migrate", env);
  await migrate.stop();
  // 90 % running, 5 % stuck terminating, 3 % terminated (their objects leaked), 2 % pending.
  await seedDatabase(benchUrl, (i) =>
    i % 100 < 90 ? "running" : i % 100 < 95 ? "terminating" : i % 100 < 98 ? "terminated" : "pending",
  );

  const app = await startApp("bench-app", env);
  const data = (query = "") => `${app.url}/api/dashboard/sessions${query}`;
  signedIn.cookie = await signIn(app.url, testAdmin.email, testAdmin.password);
  try {
    const latency = await measureRequests(app.url, data);
    const before = await kubernetesRequests(app.url);
    for (let i = 0; i < 20; i++) await timed(data());
    const perRefresh = ((await kubernetesRequests(app.url)) - before) / 20;
    const memory = processMemory(app.pid);
    const heap = await memoryBreakdown(app.url);
    const driftSeconds = await measureDriftLatency(kc, data);
    const kubectl = timeKubectl(5);
    printReport({ latency, perRefresh, memory, driftSeconds, kubectl, heap });
  } finally {
    await app.stop();
  }
}

main().catch((error) => {
  console.error(`[bench] failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
