import { afterAll, beforeAll, describe, expect, it, inject } from "vitest";
import { createScratchDatabase } from "@/test/support/postgres";
import { openDatabase, type DatabaseHandle } from "../client";
import { auditEvents } from "../schema";
import { countAudit, listAudit } from "./audit";
import { countRuns, finishRun, insertRun, listRuns } from "./reconcile";

// Against a real PostgreSQL: the runs and audit tables' sort, offset pages and totals.
let handle: DatabaseHandle;
let drop: () => Promise<void>;
const NOW = Date.parse("2026-12-03T12:00:00Z");
const at = (minutes: number) => new Date(NOW + minutes * 60_000);
const durations = [30, null, 10, 20, 10, 40];

beforeAll(async () => {
  const scratch = await createScratchDatabase(inject("testDatabaseUrl"));
  drop = scratch.drop;
  handle = await openDatabase({ databaseUrl: scratch.url, dataDir: "unused" });
  const { db } = handle;
  for (const [i, durationMs] of durations.entries()) {
    const id = await insertRun(db, {
      trigger: "cron",
      actorId: "cron",
      dryRun: false,
      status: i === 5 ? "skipped" : "succeeded",
      startedAt: at(i),
    });
    await finishRun(db, id, { durationMs });
  }
  await db.insert(auditEvents).values([
    {
      occurredAt: at(0),
      actorType: "user",
      actorId: "b@x",
      action: "session.force_terminated",
      sessionId: "s-2",
    },
    { occurredAt: at(1), actorType: "user", actorId: "a@x", action: "auth.denied" },
    { occurredAt: at(2), actorType: "cron", actorId: "cron", action: "resources.deleted", sessionId: "s-1" },
    { occurredAt: at(3), actorType: "user", actorId: "a@x", action: "auth.denied" },
  ]);
});
afterAll(async () => {
  await handle?.close();
  await drop?.();
});

describe("listRuns and countRuns", () => {
  const durationsOf = (rows: { durationMs: number | null }[]) => rows.map((r) => r.durationMs);

  it("is newest first by default and pages by offset", async () => {
    const { db } = handle;
    const page1 = await listRuns(db, { limit: 2, includeSkipped: false });
    const page2 = await listRuns(db, { limit: 2, offset: 2, includeSkipped: false });
    expect([...page1, ...page2].map((r) => r.id)).toEqual([5, 4, 3, 2]);
    expect(await countRuns(db, { includeSkipped: false })).toBe(5);
    expect(await countRuns(db, { includeSkipped: true })).toBe(6);
  });

  it.each([
    ["desc", [30, 20, 10, 10, null]],
    ["asc", [10, 10, 20, 30, null]],
  ] as const)("sorts by duration %s, a run without one last, ties by id", async (dir, expected) => {
    const rows = await listRuns(handle.db, { limit: 10, includeSkipped: false, sort: "duration", dir });
    expect(durationsOf(rows)).toEqual(expected);
    const tied = rows.filter((r) => r.durationMs === 10).map((r) => r.id);
    expect(tied).toEqual(dir === "asc" ? [3, 5] : [5, 3]);
  });

  it("never splits or repeats a run across pages of a sorted list", async () => {
    const pages = await Promise.all(
      [0, 2, 4].map((offset) =>
        listRuns(handle.db, { limit: 2, offset, includeSkipped: true, sort: "duration", dir: "asc" }),
      ),
    );
    const ids = pages.flat().map((r) => r.id);
    expect(new Set(ids).size).toBe(6);
  });
});

describe("listAudit and countAudit", () => {
  it.each([
    ["time", "desc", [4, 3, 2, 1]],
    ["time", "asc", [1, 2, 3, 4]],
    ["actor", "asc", [3, 2, 4, 1]],
    ["action", "asc", [2, 4, 3, 1]],
    ["session", "asc", [3, 1, 2, 4]],
  ] as const)("sorts by %s %s (ties by id, no session last)", async (sort, dir, expected) => {
    const rows = await listAudit(handle.db, { limit: 10, sort, dir });
    expect(rows.map((r) => r.id)).toEqual(expected);
  });

  it("filters, pages and counts the same events", async () => {
    const { db } = handle;
    const filter = { actorType: "user" as const, action: "auth.*" };
    expect((await listAudit(db, { ...filter, limit: 1, offset: 1 })).map((r) => r.id)).toEqual([2]);
    expect(await countAudit(db, filter)).toBe(2);
    expect(await countAudit(db, {})).toBe(4);
  });
});
