import { writeFileSync } from "node:fs";
import path from "node:path";
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { startAppPlatform, type AppPlatform } from "@/test/support/app-platform";
import { signIn, testAdmin } from "@/test/support/auth";
import { testEnvironment } from "@/test/support/kube";
import { repoRoot } from "@/test/support/processes";

// Liveness and readiness of the real app: ready whenever the database answers; an unreachable
// cluster is reported (degraded) but keeps the app ready, since the dashboard must stay up then
// to show what is unknown and since when.
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
    expect(await ready.json()).toEqual({ status: "ready", failed: [], degraded: [] });
  });

  it("stays alive and ready when the cluster does not answer, and names the cluster as degraded", async () => {
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
    expect(ready.status).toBe(200);
    // Public, so it names the part but not the reason; the reason is on /api/status, signed in.
    expect(await ready.json()).toEqual({ status: "ready", failed: [], degraded: ["cluster"] });
    const cookie = await signIn(platform.app.url, testAdmin.email, testAdmin.password);
    const status = await fetch(`${platform.app.url}/api/status`, { headers: { cookie } });
    expect(await status.json()).toMatchObject({
      database: { ok: true, driver: "server" },
      cluster: { ok: false, error: expect.stringMatching(/ECONNREFUSED/) },
    });
  });

  it("names a bad variable at start as bad configuration, not as the database, and is not ready", async () => {
    const platform = await startAppPlatform(testEnvironment(), { LOG_LEVEL: "loud" });
    platforms.push(platform);
    const ready = await fetch(`${platform.app.url}/api/readyz`);
    expect(ready.status).toBe(503);
    const lines = readFileSync(platform.app.logFile, "utf8")
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as { level: string; msg: string; error?: { message: string } });
    const errors = lines.filter((line) => line.level === "error");
    expect(errors.map((line) => line.msg)).toEqual(["bad configuration"]);
    expect(errors[0]?.error?.message).toMatch(/LOG_LEVEL/);
  });
});
