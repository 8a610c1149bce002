import { writeFileSync } from "node:fs";
import path from "node:path";
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { startAppPlatform, type AppPlatform } from "@/test/support/app-platform";
import { testEnvironment } from "@/test/support/kube";
import { repoRoot } from "@/test/support/processes";

// Liveness and readiness of the real app: ready only with the database and the cluster answering.
describe("health endpoints", () => {
  const platforms: AppPlatform[] = [];
  afterAll(async () => {
    for (const p of platforms) await p.stop();
  });

  it("is alive and ready with PostgreSQL and the cluster up", async () => {
    const platform = await startAppPlatform(testEnvironment());
    platforms.push(platform);
    const live = await fetch(`${platform.app.url}/api/healthz`);
    expect(live.status).toBe(200);
    const ready = await fetch(`${platform.app.url}/api/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: "ready",
      failed: [],
      database: { ok: true, driver: "server" },
    });
  });

  it("is alive but not ready when the cluster does not answer, and says which part failed", async () => {
    const dead = path.join(repoRoot, "test-results", "kubeconfig-dead");
    writeFileSync(
      dead,
      readFileSync(testEnvironment().kubeconfig, "utf8").replace(
        /server:\s*\S+/,
        "server: https://127.0.0.1:1",
      ),
    );
    const platform = await startAppPlatform({ ...testEnvironment(), kubeconfig: dead });
    platforms.push(platform);
    expect((await fetch(`${platform.app.url}/api/healthz`)).status).toBe(200);
    const ready = await fetch(`${platform.app.url}/api/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({
      status: "unavailable",
      failed: [{ part: "cluster", error: expect.stringMatching(/ECONNREFUSED/) }],
    });
  });
});
