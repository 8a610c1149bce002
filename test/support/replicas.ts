import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { platformToken, bootstrapToken, type ApiAnswer } from "./app-platform";
import { testMetricsToken } from "./auth";
import { createScratchDatabase } from "./postgres";
import { startApp, type AppServer } from "./processes";

/**
 * Several app processes (`next start`) as one installation: one scratch PostgreSQL database, one
 * namespace and installation name, the same environment — replicas behind a Service. `sql` reads
 * the shared database for the assertions.
 */
export async function replicaSet(where: { databaseUrl: string }, env: Record<string, string>) {
  const scratch = await createScratchDatabase(where.databaseUrl);
  const suffix = randomBytes(3).toString("hex");
  const namespace = `sr-it-${suffix}`;
  const installation = `sr-it-${suffix}`;
  const pool = new pg.Pool({ connectionString: scratch.url, max: 2 });
  const replicas: AppServer[] = [];
  const common = {
    DATABASE_URL: scratch.url,
    PLATFORM_API_TOKEN: platformToken,
    AGENT_BOOTSTRAP_TOKEN: bootstrapToken,
    SESSIONS_NAMESPACE: namespace,
    INSTALLATION_NAME: installation,
    ...env,
  };
  return {
    namespace,
    installation,
    replicas,
    /** Starts `count` more replicas at once. */
    async add(count: number) {
      const started = await Promise.allSettled(
        Array.from({ length: count }, (_, i) => startApp(`replica-${suffix}-${replicas.length + i}`, common)),
      );
      for (const s of started) if (s.status === "fulfilled") replicas.push(s.value);
      const failed = started.find((s) => s.status === "rejected");
      if (failed) throw failed.reason;
    },
    sql: async <T extends pg.QueryResultRow>(text: string, values: unknown[] = []) =>
      (await pool.query<T>(text, values)).rows,
    /** The replica whose process group holds process `pid` (a lease holder names its pid). */
    replicaOf(pid: number): AppServer | undefined {
      const group = Number(
        execFileSync("ps", ["-o", "pgid=", "-p", String(pid)], { encoding: "utf8" }).trim(),
      );
      return replicas.find((r) => r.pid === group);
    },
    async stop() {
      await Promise.all(replicas.map((r) => r.kill("SIGKILL")));
      await pool.end();
      await scratch.drop();
    },
  };
}

export type ReplicaSet = Awaited<ReturnType<typeof replicaSet>>;

/** A call to one replica's API (the shape orphanSpec and the platform helpers take). */
export async function callReplica(
  app: AppServer,
  method: string,
  path: string,
  options: { token?: string; cookie?: string; forwardedFor?: string; body?: unknown } = {},
): Promise<ApiAnswer> {
  const headers: Record<string, string> = { origin: app.url };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.cookie) headers.cookie = options.cookie;
  if (options.forwardedFor) headers["x-forwarded-for"] = options.forwardedFor;
  if (options.body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(`${app.url}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  let body: ApiAnswer["body"];
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    body = { raw: text };
  }
  return { status: response.status, body };
}

/** One replica's /api/metrics: each sample line (`name{labels}`) and its value. */
export async function scrapeMetrics(app: AppServer): Promise<Map<string, number>> {
  const response = await fetch(`${app.url}/api/metrics`, {
    headers: { authorization: `Bearer ${testMetricsToken}` },
  });
  if (!response.ok) throw new Error(`GET ${app.url}/api/metrics answered ${response.status}`);
  const samples = new Map<string, number>();
  for (const line of (await response.text()).split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const at = line.lastIndexOf(" ");
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}
