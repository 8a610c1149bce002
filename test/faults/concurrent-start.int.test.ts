import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { testEnvironment } from "@/test/support/kube";
import { createScratchDatabase } from "@/test/support/postgres";
import { startApp, type AppServer } from "@/test/support/processes";

// Three replicas start at once on an empty database (a fresh install with replicaCount 3, or a
// rollout after a migration was added): each applies the migrations when it starts.
const apps: AppServer[] = [];
let drop: (() => Promise<void>) | undefined;
afterAll(async () => {
  await Promise.all(apps.map((a) => a.stop()));
  await drop?.();
});

describe("three app processes starting at once on an empty database", () => {
  it("migrate it once, and all become ready", async () => {
    const scratch = await createScratchDatabase(testEnvironment().databaseUrl);
    drop = scratch.drop;
    const env = {
      DATABASE_URL: scratch.url,
      KUBECONFIG: testEnvironment().kubeconfig,
      RECONCILE_INTERVAL_SECONDS: "0",
    };
    const started = await Promise.allSettled(
      [1, 2, 3].map((n) => startApp(`replica-${n}-${Date.now()}`, env)),
    );
    for (const s of started) if (s.status === "fulfilled") apps.push(s.value);
    expect(started.map((s) => s.status)).toEqual(["fulfilled", "fulfilled", "fulfilled"]);
    const ready = await Promise.all(apps.map(async (app) => (await fetch(`${app.url}/api/readyz`)).status));
    expect(ready).toEqual([200, 200, 200]);

    const client = new pg.Client({ connectionString: scratch.url });
    await client.connect();
    try {
      const migrations = await client.query("select hash from drizzle.__drizzle_migrations");
      expect(new Set(migrations.rows.map((r) => r.hash)).size).toBe(migrations.rowCount);
      expect((await client.query("select id from installation")).rowCount).toBe(1);
    } finally {
      await client.end();
    }
  });
});
