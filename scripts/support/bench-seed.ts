/**
 * What the benchmarks share: the local cluster seeded with a session's objects per benchmark
 * session (10,000 Deployments with their Pods, 10,000 Services in namespace `sr-bench`, labelled
 * `managed-by=sr-bench`, kept between runs), and a fresh benchmark database.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { AppsV1Api, CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import pg from "pg";
import { deriveSessionLabels } from "@/lib/k8s/model/labels";
import { deriveSessionDeployment, deriveSessionService } from "@/lib/k8s/model/session-manifests";
import { repoRoot } from "./process-group";

export const total = Number(process.env.BENCH_SESSIONS ?? 10_000);
export const installation = "sr-bench";
export const namespace = "sr-bench";
export const kubeconfig = path.join(repoRoot, ".data", "kubeconfig");

export const say = (message: string) => console.log(`[bench] ${message}`);
export const sessionId = (i: number) => `s-bench${String(i).padStart(7, "0")}`;
export const script = (name: string, args: string[]) =>
  execFileSync("bash", [path.join(repoRoot, "scripts", name), ...args], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  }).trim();

export async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

/** The objects of bench session `i`, as its agent (`bench-agent-0` or `-1`) would create them. */
export function benchSessionSpec(i: number) {
  return {
    sessionId: sessionId(i),
    namespace,
    image: "registry.example/bench:1",
    sessionLabelKey: "session",
    labels: deriveSessionLabels({
      sessionLabelKey: "session",
      installation,
      sessionId: sessionId(i),
      agentId: `bench-agent-${i % 2}`,
    }),
  };
}

export async function seedCluster(kc: KubeConfig, reset: boolean) {
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  if (reset) {
    say("deleting the previous benchmark namespace");
    await core.deleteNamespace({ name: namespace }).catch(() => undefined);
    for (;;) {
      try {
        await core.readNamespace({ name: namespace });
        await new Promise((resolve) => setTimeout(resolve, 2_000));
      } catch {
        break;
      }
    }
  }
  await core.createNamespace({ body: { metadata: { name: namespace } } }).catch(() => undefined);
  const selector = `app.kubernetes.io/managed-by=${installation}`;
  const existing = new Set(
    (await apps.listNamespacedDeployment({ namespace, labelSelector: selector })).items.map(
      (d) => d.metadata!.name!,
    ),
  );
  const missing = Array.from({ length: total }, (_, i) => i).filter((i) => !existing.has(sessionId(i)));
  if (missing.length > 0) {
    say(`creating ${missing.length} Deployments and Services (${existing.size} already there)`);
    const started = Date.now();
    let done = 0;
    await pool(missing, 32, async (i) => {
      const spec = benchSessionSpec(i);
      await apps
        .createNamespacedDeployment({ namespace, body: deriveSessionDeployment(spec) })
        .catch(ignoreConflict);
      await core
        .createNamespacedService({ namespace, body: deriveSessionService(spec) })
        .catch(ignoreConflict);
      if (++done % 1000 === 0)
        say(`  ${done}/${missing.length} (${Math.round((Date.now() - started) / 1000)} s)`);
    });
  }
  say("waiting for the controllers and KWOK to run every pod");
  const started = Date.now();
  for (;;) {
    const pods = await core.listNamespacedPod({ namespace, labelSelector: selector });
    const running = pods.items.filter(
      (p) => p.status?.phase === "Running" && !p.metadata?.deletionTimestamp,
    ).length;
    if (running >= total) break;
    say(`  ${running}/${total} pods Running (${Math.round((Date.now() - started) / 1000)} s)`);
    if (Date.now() - started > 20 * 60_000) throw new Error("pods did not all start within 20 minutes");
    await new Promise((resolve) => setTimeout(resolve, 10_000));
  }
}

export function ignoreConflict(error: unknown) {
  if ((error as { code?: number }).code !== 409) throw error;
}

export async function seedDatabase(
  url: string,
  stateOf: (i: number) => string,
  agentHeartbeatAgeSeconds = 0,
) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const now = Date.now();
    await client.query(
      `insert into agents (id, name, cluster, approval_status, epoch, last_heartbeat_at, connected_at)
       values ('bench-agent-0', 'bench-agent-0', 'bench', 'approved', 1, now() - make_interval(secs => $1), now() - interval '1 day'),
              ('bench-agent-1', 'bench-agent-1', 'bench', 'approved', 1, now(), now() - interval '1 day')`,
      [agentHeartbeatAgeSeconds],
    );
    // This installation has been hearing its agents for a day: agent 0's silence is evidence (one
    // agent gone while the other goes on), not held as the control plane's own outage.
    await client.query(
      `insert into installation (singleton, alive_since, last_alive_at) values ('this', now() - interval '1 day', now())
       on conflict (singleton) do update set alive_since = excluded.alive_since, last_alive_at = excluded.last_alive_at`,
    );
    for (let start = 0; start < total; start += 1000) {
      const values: string[] = [];
      const params: unknown[] = [];
      for (let i = start; i < Math.min(total, start + 1000); i++) {
        const state = stateOf(i);
        const changed = new Date(now - (state === "running" ? 3600 : 1800) * 1000);
        params.push(
          sessionId(i),
          `user-${i % 500}`,
          namespace,
          `bench-agent-${i % 2}`,
          state,
          changed,
          state === "terminated" ? changed : null,
        );
        const n = params.length;
        values.push(
          `($${n - 6}, $${n - 5}, 'registry.example/bench:1', $${n - 4}, $${n - 3}, $${n - 2}, $${n - 1}, ` +
            `case when $${n - 2} in ('terminating','terminated') then 'user_requested' end, $${n})`,
        );
      }
      await client.query(
        `insert into sessions (id, user_id, template, namespace, agent_id, state, state_changed_at, termination_reason, terminated_at)
         values ${values.join(",")}`,
        params,
      );
    }
  } finally {
    await client.end();
  }
}

/**
 * Plays the live agent (`bench-agent-1`) heartbeating every 5 s, and what the app records on each
 * heartbeat (this installation is alive), until the returned stop is called: without it a bench
 * longer than the heartbeat timeout reads as our own outage and every silence is held.
 */
export async function keepBenchAgentAlive(url: string): Promise<() => Promise<void>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const beat = () =>
    client.query(
      `update agents set last_heartbeat_at = now() where id = 'bench-agent-1';
       update installation set last_alive_at = now() where singleton = 'this'`,
    );
  await beat();
  const timer = setInterval(() => void beat().catch(() => undefined), 5_000);
  return async () => {
    clearInterval(timer);
    await client.end();
  };
}

/**
 * Drops and creates a benchmark database; returns its URL. Each benchmark may name its own, so
 * that two of them can run at once on one server.
 */
export async function freshBenchDatabase(name = "session_reconciler_bench"): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a database name: ${name}`);
  const adminUrl = script("local-postgres.sh", ["test-url"]);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
  return adminUrl.replace(/\/[^/]+$/, `/${name}`);
}
