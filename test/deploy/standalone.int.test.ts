import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createScratchDatabase } from "@/test/support/postgres";
import { freePort, repoRoot, spawnGroup, type Spawned } from "@/test/support/processes";
import { waitFor } from "@/test/support/kube";

// What the container image runs (its CMD is `node server.js` in the standalone directory), run
// the same way here — no Docker engine runs on our machines: it must serve the dashboard and be
// ready, with the migrations applied at start.
describe("the standalone server the image runs", () => {
  let server: Spawned;
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
      DATABASE_URL: scratch.url,
      KUBECONFIG: inject("testKubeconfig"),
      RECONCILE_INTERVAL_SECONDS: "0",
    });
    await waitFor(
      "the standalone server",
      async () => ((await fetch(`${url}/api/healthz`)).ok ? true : undefined),
      60_000,
    );
  }, 300_000);
  afterAll(async () => {
    await server?.kill();
    await scratch?.drop();
  });

  it("is ready (database migrated, cluster reachable) and serves the dashboard", async () => {
    const ready = await fetch(`${url}/api/readyz`);
    expect(await ready.json()).toMatchObject({ status: "ready" });
    expect(ready.status).toBe(200);
    const page = await fetch(`${url}/sessions`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Reconcile now");
  });
});
