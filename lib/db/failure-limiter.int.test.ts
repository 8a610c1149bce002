import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { RateLimiterMemory, RateLimiterPostgres } from "rate-limiter-flexible";
import { afterAll, beforeAll, describe, expect, it, inject } from "vitest";
import { createScratchDatabase } from "@/test/support/postgres";
import { openDatabase, type DatabaseHandle } from "./client";
import { failureLimiterOver } from "./failure-limiter";

const limit = { points: 3, durationSeconds: 60 };

describe("the failure limiter", () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  const handles: DatabaseHandle[] = [];
  beforeAll(async () => {
    scratch = await createScratchDatabase(inject("testDatabaseUrl"));
  });
  afterAll(async () => {
    await Promise.all(handles.map((h) => h.close()));
    await scratch?.drop();
  });

  it("on PostgreSQL counts two processes' failures together, in the migrated table", async () => {
    // Two handles, two pools: what two replicas hold.
    for (let i = 0; i < 2; i++)
      handles.push(await openDatabase({ databaseUrl: scratch.url, dataDir: "unused" }));
    const [a, b] = handles.map((h) => failureLimiterOver(h, limit));
    expect(a).toBeInstanceOf(RateLimiterPostgres);
    await a!.penalty("198.51.100.1", 1);
    await b!.penalty("198.51.100.1", 1);
    await a!.penalty("198.51.100.2", 1);
    expect((await b!.get("198.51.100.1"))?.consumedPoints).toBe(2);
    expect((await a!.get("198.51.100.2"))?.consumedPoints).toBe(1);
    const rows = await handles[0]!.pool!.query("select key, points from auth_failure_counts order by key");
    expect(rows.rows).toEqual([
      { key: "auth:198.51.100.1", points: 2 },
      { key: "auth:198.51.100.2", points: 1 },
    ]);
  });

  it("on the embedded database (one process) counts in memory", async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "sr-limiter-"));
    const handle = await openDatabase({ dataDir });
    try {
      expect(failureLimiterOver(handle, limit)).toBeInstanceOf(RateLimiterMemory);
    } finally {
      await handle.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
