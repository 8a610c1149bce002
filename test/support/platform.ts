import { randomBytes } from "node:crypto";
import { count } from "drizzle-orm";
import { inject } from "vitest";
import { openDatabase, type DatabaseHandle } from "@/lib/db/client";
import { agentCommands, agents, auditEvents, sessions } from "@/lib/db/schema";
import { startApp, type AppServer } from "./processes";
import { createScratchDatabase } from "./postgres";

export const platformToken = "test-platform-token-0123456789";
export const bootstrapToken = "test-bootstrap-token-0123456789";

export interface Platform {
  app: AppServer;
  handle: DatabaseHandle;
  /** This run's namespace and installation name: objects of other runs are never touched. */
  namespace: string;
  installation: string;
  kubeconfig: string;
  api(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; rawBody?: string; contentType?: string },
  ): Promise<ApiAnswer>;
  tableCounts(): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

export interface ApiAnswer {
  status: number;
  body: { error?: { code: string; message: string } } & Record<string, unknown>;
}

/**
 * The real app (`next start`) on a scratch PostgreSQL database of its own, pointed at the local
 * cluster, with test tokens and short timeouts; plus a database handle for assertions.
 */
export async function startPlatform(env: Record<string, string> = {}): Promise<Platform> {
  const scratch = await createScratchDatabase();
  const suffix = randomBytes(3).toString("hex");
  const namespace = `sr-it-${suffix}`;
  const installation = `sr-it-${suffix}`;
  const kubeconfig = inject("testKubeconfig");
  const app = await startApp(`app-${suffix}`, {
    DATABASE_URL: scratch.url,
    KUBECONFIG: kubeconfig,
    PLATFORM_API_TOKEN: platformToken,
    AGENT_BOOTSTRAP_TOKEN: bootstrapToken,
    AGENT_AUTO_APPROVE: "true",
    AGENT_HEARTBEAT_TIMEOUT_SECONDS: "6",
    HEARTBEAT_MAX_WAIT_SECONDS: "5",
    AGENT_LIVENESS_INTERVAL_SECONDS: "1",
    COMMAND_DISPATCH_TIMEOUT_SECONDS: "30",
    SESSIONS_NAMESPACE: namespace,
    INSTALLATION_NAME: installation,
    ...env,
  });
  const handle = await openDatabase({ databaseUrl: scratch.url, dataDir: "unused" });
  return {
    app,
    handle,
    namespace,
    installation,
    kubeconfig,
    async api(method, path, options = {}) {
      const headers: Record<string, string> = {};
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      if (options.body !== undefined || options.rawBody !== undefined)
        headers["content-type"] = options.contentType ?? "application/json";
      const response = await fetch(`${app.url}${path}`, {
        method,
        headers,
        body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
      });
      const text = await response.text();
      let body: ApiAnswer["body"];
      try {
        body = text ? JSON.parse(text) : {};
      } catch {
        body = { raw: text };
      }
      return { status: response.status, body };
    },
    async tableCounts() {
      const [s] = await handle.db.select({ n: count() }).from(sessions);
      const [a] = await handle.db.select({ n: count() }).from(agents);
      const [c] = await handle.db.select({ n: count() }).from(agentCommands);
      const [e] = await handle.db.select({ n: count() }).from(auditEvents);
      return { sessions: s!.n, agents: a!.n, commands: c!.n, audit: e!.n };
    },
    async stop() {
      await app.stop();
      await handle.close();
      await scratch.drop();
    },
  };
}
