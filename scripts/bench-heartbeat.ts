/**
 * `npm run bench:heartbeat`: an idle fleet's cost to the database. Registers 20 agents the way the
 * reference agent does, seeds 2,500 running sessions for each, then lets every agent long-poll
 * (waitSeconds 10, the agent's default, again at once after each answer) reporting the same 2,500
 * ids for BENCH_HEARTBEAT_MINUTES (default 5). Nothing changes meanwhile, so whatever is written
 * beyond the liveness timestamps is waste. Prints WAL bytes and rows written per minute, rows and
 * agent-row bytes read per heartbeat, heartbeats per minute and their latency (the long polls, then
 * a burst of short ones after the measured window). Figures, not assertions.
 *
 * Runs the production build (`npx next build` first) on its own database
 * (`session_reconciler_bench_hb`); it creates nothing in the cluster (the app only watches it).
 */
import pg from "pg";
import { bootstrapToken } from "@/test/support/app-platform";
import { startApp } from "@/test/support/processes";
import { freshBenchDatabase, kubeconfig, percentile, say } from "./support/bench-seed";
import {
  DatabaseWalMeter,
  deriveCounterDiff,
  enableWalInspect,
  readTableCounters,
  readWalLsn,
  sumCounters,
  walBytesBetween,
  type Counters,
} from "./support/pg-figures";

const agentCount = Number(process.env.BENCH_AGENTS ?? 20);
const sessionsPerAgent = Number(process.env.BENCH_SESSIONS_PER_AGENT ?? 2_500);
const minutes = Number(process.env.BENCH_HEARTBEAT_MINUTES ?? 5);
const waitSeconds = Number(process.env.BENCH_WAIT_SECONDS ?? 10);
const idleSeconds = Number(process.env.BENCH_IDLE_SECONDS ?? 30);
const databaseName = "session_reconciler_bench_hb";
const agentId = (a: number) => `hb-agent-${String(a).padStart(2, "0")}`;
/** `s-` + 12 base-36 characters, as the platform's session ids are. */
const benchSessionId = (a: number, i: number) =>
  `s-hb${String(a).padStart(2, "0")}${String(i).padStart(8, "0")}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Beat {
  endedAt: number;
  ms: number;
  waited: boolean;
  status: number;
}

async function register(appUrl: string, a: number): Promise<string> {
  const response = await fetch(`${appUrl}/api/v1/agents/register`, {
    method: "POST",
    headers: { authorization: `Bearer ${bootstrapToken}`, "content-type": "application/json" },
    body: JSON.stringify({ agentId: agentId(a), cluster: "local" }),
  });
  const body = (await response.json()) as { token: string; approvalStatus: string };
  if (response.status !== 201 || body.approvalStatus !== "approved")
    throw new Error(`register ${agentId(a)}: HTTP ${response.status} ${JSON.stringify(body)}`);
  return body.token;
}

async function seedSessions(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (let a = 0; a < agentCount; a++) {
      await client.query(
        `insert into sessions (id, user_id, template, namespace, agent_id, cluster, state, state_changed_at)
         select 's-hb' || lpad($1::text, 2, '0') || lpad(i::text, 8, '0'), 'user-' || (i % 500),
                'registry.example/bench:1', 'sr-bench-hb', $2, 'local', 'running', now() - interval '1 hour'
           from generate_series(0, $3 - 1) as i`,
        [a, agentId(a), sessionsPerAgent],
      );
    }
  } finally {
    await client.end();
  }
}

async function heartbeat(
  appUrl: string,
  token: string,
  inventory: string[],
  wait: number,
  signal?: AbortSignal,
) {
  const started = performance.now();
  const response = await fetch(`${appUrl}/api/v1/agents/heartbeat`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ inventory, waitSeconds: wait }),
    signal,
  });
  const body = (await response.json()) as { commands?: unknown[] };
  if (!response.ok) throw new Error(`heartbeat: HTTP ${response.status} ${JSON.stringify(body)}`);
  if (body.commands?.length)
    throw new Error("a command arrived, but nothing should change in this benchmark");
  return { ms: performance.now() - started, status: response.status };
}

/** The reference agent's loop (agent/agent.ts heartbeatOnce) with nothing to carry out. */
async function runAgentLoop(
  appUrl: string,
  token: string,
  inventory: string[],
  signal: AbortSignal,
  beats: Beat[],
) {
  while (!signal.aborted) {
    try {
      const { ms, status } = await heartbeat(appUrl, token, inventory, waitSeconds, signal);
      beats.push({ endedAt: performance.now(), ms, waited: true, status });
    } catch (error) {
      if (signal.aborted) return;
      throw error;
    }
  }
}

interface Snapshot {
  at: number;
  lsn: string;
  counters: Counters;
}

async function snapshot(client: pg.Client): Promise<Snapshot> {
  return { at: performance.now(), lsn: await readWalLsn(client), counters: await readTableCounters(client) };
}

async function agentRowSizes(client: pg.Client) {
  const { rows } = await client.query<{ json: string; stored: string; rest: string }>(
    `select avg(octet_length(inventory::text)) as json, avg(pg_column_size(inventory)) as stored,
            avg(pg_column_size(row(id, name, cluster, approval_status, epoch, credential_hash, registered_at,
              last_heartbeat_at, connected_at, disconnected_at, inventory_reported_at, updated_at))) as rest
       from agents`,
  );
  return {
    jsonBytes: Number(rows[0]!.json),
    storedBytes: Number(rows[0]!.stored),
    restBytes: Number(rows[0]!.rest),
  };
}

function printReport(figures: {
  idle: {
    perMinute: ReturnType<typeof sumCounters>;
    walDbPerMinute: number | undefined;
    walPerMinute: number;
  };
  steady: { diff: Counters; minutes: number; walPerMinute: number; walDbPerMinute: number | undefined };
  beats: Beat[];
  short: number[];
  sizes: Awaited<ReturnType<typeof agentRowSizes>>;
}) {
  const { idle, steady, beats, short, sizes } = figures;
  const perMinute = (v: number) => v / steady.minutes;
  const total = sumCounters(steady.diff);
  const requests = beats.length;
  const requestsPerMinute = perMinute(requests);
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
  // One liveness write per heartbeat: a HOT update of the agent row without its inventory (the
  // TOAST pointer is kept), plus the record header and the commit record (~100 bytes).
  const livenessRowBytes = sizes.restBytes + 24 + 18;
  const livenessWalPerMinute = requestsPerMinute * (livenessRowBytes + 100);
  const agentsRead = steady.diff.agents;
  const long = beats.filter((b) => b.waited).map((b) => b.ms);
  const ms = (v: number) => `${v.toFixed(0)} ms`;
  const rows: [string, string, string][] = [
    [
      "heartbeat requests / min",
      `${agentCount} agents x ${(60 / waitSeconds).toFixed(0)} (wait ${waitSeconds} s)`,
      requestsPerMinute.toFixed(1),
    ],
    [
      "WAL / min, this database (pg_walinspect)",
      `≈ liveness only: ${kb(livenessWalPerMinute)}`,
      steady.walDbPerMinute === undefined ? "n/a (needs root for pg_walinspect)" : kb(steady.walDbPerMinute),
    ],
    ["WAL / min, whole server (shared with other runs)", "-", kb(steady.walPerMinute)],
    [
      "rows updated / min",
      `${requestsPerMinute.toFixed(0)} (one per heartbeat) + ≤60 installation`,
      `${perMinute(total.updated).toFixed(0)} (HOT ${perMinute(total.hotUpdated).toFixed(0)})`,
    ],
    ["rows inserted / min", "0", perMinute(total.inserted).toFixed(0)],
    ["rows deleted / min", "0", perMinute(total.deleted).toFixed(0)],
    [
      "rows read / heartbeat (all tables)",
      "a few (own row, its commands)",
      (total.rowsRead / requests).toFixed(1),
    ],
    ...Object.entries(steady.diff)
      .filter(([, d]) => d.rowsRead > 0)
      .sort((a, b) => b[1].rowsRead - a[1].rowsRead)
      .map(([table, d]): [string, string, string] => [
        `  rows read / heartbeat: ${table}`,
        "",
        (d.rowsRead / requests).toFixed(2),
      ]),
    [
      "agent-row buffers / heartbeat (heap + TOAST)",
      "the row once (auth)",
      agentsRead
        ? `${kb(((agentsRead.heapBlocks + agentsRead.toastBlocks) * 8192) / requests)} (TOAST ${kb((agentsRead.toastBlocks * 8192) / requests)})`
        : "0",
    ],
    [
      "long-poll latency p50 / p95",
      `≈ wait ${waitSeconds} s`,
      long.length ? `${ms(percentile(long, 50))} / ${ms(percentile(long, 95))}` : "-",
    ],
    [
      "short heartbeat latency p50 / p95 (after)",
      "< 100 ms",
      short.length ? `${ms(percentile(short, 50))} / ${ms(percentile(short, 95))}` : "-",
    ],
    [
      "idle app (no heartbeats): WAL / min, rows updated / min",
      "-",
      `${idle.walDbPerMinute === undefined ? "n/a" : kb(idle.walDbPerMinute)}, ${idle.perMinute.updated.toFixed(0)}`,
    ],
  ];
  console.log("");
  console.log(
    `heartbeat benchmark: ${agentCount} agents x ${sessionsPerAgent} sessions, ${steady.minutes.toFixed(1)} steady minutes after a warm one`,
  );
  console.log(
    `  inventory per agent: ${kb(sizes.jsonBytes)} as JSON, ${kb(sizes.storedBytes)} stored; the rest of the row ${sizes.restBytes} B`,
  );
  const width = Math.max(...rows.map((r) => r[0].length));
  const width2 = Math.max(...rows.map((r) => r[1].length), 6);
  console.log(`  ${"figure".padEnd(width)}  ${"target".padEnd(width2)}  measured`);
  for (const [figure, target, measured] of rows)
    console.log(`  ${figure.padEnd(width)}  ${target.padEnd(width2)}  ${measured}`);
  console.log("  per table, per minute (ins / upd / hot / del / rows read):");
  for (const [table, d] of Object.entries(steady.diff))
    console.log(
      `    ${table.padEnd(22)} ${[d.inserted, d.updated, d.hotUpdated, d.deleted, d.rowsRead].map((v) => perMinute(v).toFixed(0)).join(" / ")}`,
    );
}

async function main() {
  const databaseUrl = await freshBenchDatabase(databaseName);
  const walInspect = enableWalInspect(databaseName);
  if (!walInspect) say("pg_walinspect unavailable: only the whole server's WAL is measured");
  const env = {
    DATABASE_URL: databaseUrl,
    KUBECONFIG: process.env.BENCH_KUBECONFIG ?? kubeconfig,
    INSTALLATION_NAME: "sr-bench-hb",
    SESSIONS_NAMESPACE: "sr-bench-hb",
    AGENT_BOOTSTRAP_TOKEN: bootstrapToken,
    AGENT_AUTO_APPROVE: "true",
    // The reconciler's pass reads every session; here only the heartbeats are measured.
    RECONCILE_INTERVAL_SECONDS: "0",
  };
  const app = await startApp("bench-heartbeat-app", env);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const stopLoops = new AbortController();
  try {
    const tokens = await Promise.all(Array.from({ length: agentCount }, (_, a) => register(app.url, a)));
    await seedSessions(databaseUrl);
    await client.query("vacuum analyze");
    say(`${agentCount} agents registered, ${agentCount * sessionsPerAgent} sessions seeded`);
    const inventories = tokens.map((_, a) =>
      Array.from({ length: sessionsPerAgent }, (_, i) => benchSessionId(a, i)),
    );

    const wal = new DatabaseWalMeter(databaseName, () => readWalLsn(client), await readWalLsn(client));
    if (walInspect) wal.start();
    const walSince = async (from: number) =>
      walInspect && wal.lostSlices === 0 ? (await wal.read()) - from : undefined;

    // The app alone, no agent heartbeating: the background loops' share.
    const idleStart = await snapshot(client);
    const idleWalFrom = await wal.read();
    await sleep(idleSeconds * 1000);
    const idleEnd = await snapshot(client);
    const idleWalDb = await walSince(idleWalFrom);
    const idleMinutes = (idleEnd.at - idleStart.at) / 60_000;
    const idleSum = sumCounters(deriveCounterDiff(idleStart.counters, idleEnd.counters));

    const beats: Beat[] = [];
    const loops = tokens.map((token, a) =>
      runAgentLoop(app.url, token, inventories[a]!, stopLoops.signal, beats),
    );
    const failed = Promise.all(loops).then(() => undefined);
    say(`heartbeating for ${minutes} minutes (the first one is the warm-up)`);
    await Promise.race([sleep(60_000), failed]);
    const start = await snapshot(client);
    const steadyWalFrom = await wal.read();
    const beatsBefore = beats.length;
    for (let m = 1; m < minutes; m++) {
      const minuteFrom = await wal.read();
      await Promise.race([sleep(60_000), failed]);
      say(
        `  minute ${m + 1}: ${beats.length} heartbeats so far, database WAL this minute ${(await wal.read()) - minuteFrom} B`,
      );
    }
    const end = await snapshot(client);
    const walDb = await walSince(steadyWalFrom);
    wal.stop();
    if (wal.lostSlices > 0)
      say(`${wal.lostSlices} of ${wal.slices} WAL slices were recycled before they were read`);
    const steadyBeats = beats.slice(beatsBefore).filter((b) => b.endedAt <= end.at);
    stopLoops.abort();
    await Promise.allSettled(loops);
    const steadyMinutes = (end.at - start.at) / 60_000;

    const short: number[] = [];
    await Promise.all(
      tokens.map(async (token, a) => {
        for (let i = 0; i < 10; i++) short.push((await heartbeat(app.url, token, inventories[a]!, 0)).ms);
      }),
    );

    printReport({
      idle: {
        perMinute: Object.fromEntries(
          Object.entries(idleSum).map(([k, v]) => [k, v / idleMinutes]),
        ) as unknown as typeof idleSum,
        walDbPerMinute: idleWalDb === undefined ? undefined : idleWalDb / idleMinutes,
        walPerMinute: (await walBytesBetween(client, idleStart.lsn, idleEnd.lsn)) / idleMinutes,
      },
      steady: {
        diff: deriveCounterDiff(start.counters, end.counters),
        minutes: steadyMinutes,
        walPerMinute: (await walBytesBetween(client, start.lsn, end.lsn)) / steadyMinutes,
        walDbPerMinute: walDb === undefined ? undefined : walDb / steadyMinutes,
      },
      beats: steadyBeats,
      short,
      sizes: await agentRowSizes(client),
    });
  } finally {
    stopLoops.abort();
    await client.end();
    await app.stop();
  }
}

main().catch((error) => {
  console.error(`[bench] failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
