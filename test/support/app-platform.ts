import { randomBytes } from "node:crypto";
import { startApp, type AppServer } from "./processes";
import { createScratchDatabase } from "./postgres";

export const platformToken = "test-platform-token-0123456789";
export const bootstrapToken = "test-bootstrap-token-0123456789";

export interface ApiAnswer {
  status: number;
  body: { error?: { code: string; message: string } } & Record<string, unknown>;
}

export interface AppPlatform {
  app: AppServer;
  databaseUrl: string;
  /** This run's namespace and installation name: objects of other runs are never touched. */
  namespace: string;
  installation: string;
  kubeconfig: string;
  api(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; rawBody?: string; contentType?: string },
  ): Promise<ApiAnswer>;
  stop(): Promise<void>;
}

/**
 * The real app (`next start`) on a scratch PostgreSQL database of its own (created next to
 * `where.databaseUrl`), pointed at the cluster of `where.kubeconfig`, with test tokens and short
 * timeouts. Usable from vitest and Playwright alike (it imports no server-only code).
 */
export async function startAppPlatform(
  where: { databaseUrl: string; kubeconfig: string },
  env: Record<string, string> = {},
): Promise<AppPlatform> {
  const scratch = await createScratchDatabase(where.databaseUrl);
  const suffix = randomBytes(3).toString("hex");
  const namespace = `sr-it-${suffix}`;
  const installation = `sr-it-${suffix}`;
  const app = await startApp(`app-${suffix}`, {
    DATABASE_URL: scratch.url,
    // CLUSTERS names every cluster's kubeconfig itself (KUBECONFIG beside it is refused).
    KUBECONFIG: env.CLUSTERS ? "" : where.kubeconfig,
    PLATFORM_API_TOKEN: platformToken,
    AGENT_BOOTSTRAP_TOKEN: bootstrapToken,
    AGENT_AUTO_APPROVE: "true",
    AGENT_HEARTBEAT_TIMEOUT_SECONDS: "6",
    HEARTBEAT_MAX_WAIT_SECONDS: "5",
    AGENT_LIVENESS_INTERVAL_SECONDS: "1",
    // Tests trigger passes themselves (cron endpoint, buttons); no background loop interferes.
    RECONCILE_INTERVAL_SECONDS: "0",
    COMMAND_DISPATCH_TIMEOUT_SECONDS: "30",
    SESSIONS_NAMESPACE: namespace,
    INSTALLATION_NAME: installation,
    ...env,
  }).catch(async (error) => {
    await scratch.drop();
    throw error;
  });
  return {
    app,
    databaseUrl: scratch.url,
    namespace,
    installation,
    kubeconfig: where.kubeconfig,
    async api(method, path, options = {}) {
      const headers: Record<string, string> = {};
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      if (options.body !== undefined || options.rawBody !== undefined) {
        headers["content-type"] = options.contentType ?? "application/json";
      }
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
    async stop() {
      await app.stop();
      await scratch.drop();
    },
  };
}
