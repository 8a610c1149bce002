import { CoreV1Api } from "@kubernetes/client-node";
import { eq } from "drizzle-orm";
import { afterAll } from "vitest";
import { agentCommands, auditEvents, sessions } from "@/lib/db/schema";
import { testMetricsToken } from "./auth";
import { waitForAgentConnection } from "./agent-control";
import { testEnvironment, testKubeConfig, waitFor } from "./kube";
import { bootstrapToken, platformToken, startPlatform, type Platform } from "./platform";
import { startAgent, type Spawned } from "./processes";

export const cronSecret = "test-cron-secret-0123456789";

/**
 * What the reconciler's integration and fault tests share: the real app on a scratch database
 * with a cron secret, reference agents as processes, and the reads their assertions make. Every
 * platform and agent started is stopped after the file's tests (an afterAll registered here), and
 * each platform's namespace deleted from the test cluster — unless `deleteNamespace` says otherwise
 * (a platform on a cluster of its own) — then `afterCleanUp` runs: what must outlive the platforms
 * (a TCP proxy their connections go through) is closed there, not in an afterAll of the file's,
 * which would run first.
 */
export function reconcileHarness(
  options: {
    deleteNamespace?: (name: string) => Promise<unknown>;
    /** After everything started is stopped: what the file set up around it (proxies). */
    afterCleanUp?: () => Promise<unknown>;
  } = {},
) {
  const started: { agents: Spawned[]; platforms: Platform[] } = { agents: [], platforms: [] };

  async function platformWith(
    env: Record<string, string>,
    where: { kubeconfig?: string; databaseUrl?: string } = {},
  ) {
    const platform = await startPlatform(
      { ...testEnvironment(), ...where },
      { CRON_SECRET: cronSecret, RECONCILE_INTERVAL_SECONDS: "0", ...env },
    );
    started.platforms.push(platform);
    return platform;
  }

  function launchAgent(
    platform: Platform,
    agentId: string,
    kubeconfig = testEnvironment().kubeconfig,
    cluster?: string,
  ) {
    const agent = startAgent(agentId, {
      controlPlaneUrl: platform.app.url,
      bootstrapToken,
      kubeconfig,
      waitSeconds: 2,
      ...(cluster ? { cluster } : {}),
    });
    started.agents.push(agent);
    return agent;
  }

  const core = testKubeConfig().makeApiClient(CoreV1Api);
  const deleteNamespace = options.deleteNamespace ?? ((name: string) => core.deleteNamespace({ name }));
  afterAll(async () => {
    await Promise.all(started.agents.map((a) => a.kill("SIGKILL")));
    for (const p of started.platforms) {
      await p.stop();
      await deleteNamespace(p.namespace).catch(() => undefined);
    }
    await options.afterCleanUp?.();
  }, 120_000);

  return { platformWith, launchAgent };
}

/** One cron pass; the answer's status and JSON body. */
export async function cron(platform: Platform, query = "") {
  const response = await fetch(`${platform.app.url}/api/cron/reconcile${query}`, {
    headers: { authorization: `Bearer ${cronSecret}` },
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export const connected = (platform: Platform, agentId: string, want = true, timeoutMs?: number) =>
  waitForAgentConnection(platform, agentId, want, timeoutMs);

export const sessionRow = async (platform: Platform, id: string) =>
  (await platform.handle.db.select().from(sessions).where(eq(sessions.id, id)))[0]!;

/** Creates a session on `agentId` through the platform API and waits until its agent started it. */
export async function runningSession(platform: Platform, agentId: string): Promise<string> {
  const { body } = await platform.api("POST", "/api/v1/sessions", {
    token: platformToken,
    body: { userId: "u-1", template: "registry.example/ws:1", agentId },
  });
  const id = (body.session as { id: string }).id;
  await waitFor(
    `${id} running`,
    async () => ((await sessionRow(platform, id)).state === "running" ? true : undefined),
    30_000,
  );
  return id;
}

export const commandsOf = (platform: Platform, sessionId: string) =>
  platform.handle.db
    .select()
    .from(agentCommands)
    .where(eq(agentCommands.sessionId, sessionId))
    .orderBy(agentCommands.id);

export const auditOf = (platform: Platform, action: string) =>
  platform.handle.db.select().from(auditEvents).where(eq(auditEvents.action, action));

/** One sample of a metric at /api/metrics (the first line starting with `name`), 0 when absent. */
export async function metric(platform: Platform, name: string) {
  const text = await (
    await fetch(`${platform.app.url}/api/metrics`, {
      headers: { authorization: `Bearer ${testMetricsToken}` },
    })
  ).text();
  const line = text.split("\n").find((l) => l.startsWith(name));
  return line ? Number(line.split(" ").at(-1)) : 0;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export { orphanSpec } from "./orphans";
