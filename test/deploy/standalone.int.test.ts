import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createScratchDatabase } from "@/test/support/postgres";
import { freePort, repoRoot, spawnGroup, type Spawned } from "@/test/support/processes";
import { waitForAgentConnection } from "@/test/support/agent-control";
import { bootstrapToken, platformToken, type ApiAnswer } from "@/test/support/app-platform";
import { waitFor } from "@/test/support/kube";
import { signIn, testAdmin, testAuthEnv } from "@/test/support/auth";

async function apiCall(base: string, method: string, route: string, token?: string): Promise<ApiAnswer> {
  const response = await fetch(`${base}${route}`, {
    method,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return { status: response.status, body: (await response.json()) as ApiAnswer["body"] };
}

// What the container image runs (its CMD is `node server.js` in the standalone directory), run
// the same way here — no Docker engine runs on our machines: it must serve the dashboard and be
// ready, with the migrations applied at start.
describe("the standalone server the image runs", () => {
  let server: Spawned;
  let agent: Spawned | undefined;
  let url = "";
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;

  beforeAll(async () => {
    // npm test builds it before the integration tests; build it here when run on its own.
    if (!existsSync(path.join(repoRoot, ".next-standalone", "standalone", "server.js"))) {
      execFileSync("bash", ["scripts/build-standalone.sh"], { cwd: repoRoot, stdio: "ignore" });
    }
    scratch = await createScratchDatabase(inject("testDatabaseUrl"));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    const dir = path.join(repoRoot, ".next-standalone", "standalone");
    server = spawnGroup("standalone", "node", [path.join(dir, "server.js")], {
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
      NODE_ENV: "production",
      ...testAuthEnv,
      DATABASE_URL: scratch.url,
      KUBECONFIG: inject("testKubeconfig"),
      RECONCILE_INTERVAL_SECONDS: "0",
      AGENT_BOOTSTRAP_TOKEN: bootstrapToken,
      AGENT_AUTO_APPROVE: "true",
      PLATFORM_API_TOKEN: platformToken,
    });
    await waitFor(
      "the standalone server",
      async () => ((await fetch(`${url}/api/healthz`)).ok ? true : undefined),
      60_000,
    );
  }, 300_000);
  afterAll(async () => {
    await agent?.kill("SIGKILL");
    await server?.kill();
    await scratch?.drop();
  });

  it("is ready (database migrated, cluster reachable) and serves the dashboard", async () => {
    const ready = await fetch(`${url}/api/readyz`);
    expect(await ready.json()).toMatchObject({ status: "ready" });
    expect(ready.status).toBe(200);
    const anonymous = await fetch(`${url}/sessions`, { redirect: "manual" });
    expect(anonymous.status).toBe(307);
    expect(anonymous.headers.get("location")).toContain("/sign-in");
    const cookie = await signIn(url, testAdmin.email, testAdmin.password);
    const page = await fetch(`${url}/sessions`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Reconcile now");
  });

  it("ships the agent beside the server: `node agent.mjs` registers and connects", async () => {
    const dir = path.join(repoRoot, ".next-standalone", "standalone");
    agent = spawnGroup(
      "standalone-agent",
      "node",
      [path.join(dir, "agent.mjs"), "--id", "image-agent", "--control-plane", url, "--wait-seconds", "2"],
      {
        AGENT_BOOTSTRAP_TOKEN: bootstrapToken,
        KUBECONFIG: inject("testKubeconfig"),
      },
    );
    await waitForAgentConnection(
      { api: (method, route, options) => apiCall(url, method, route, options?.token) },
      "image-agent",
    );
  });
});
