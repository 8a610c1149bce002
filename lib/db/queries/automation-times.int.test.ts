import { afterAll, beforeAll, describe, expect, it, inject } from "vitest";
import { createScratchDatabase } from "@/test/support/postgres";
import { openDatabase, type DatabaseHandle } from "../client";
import { finishRun, getAutomationTimes, getLastDecidingRun, insertRun } from "./reconcile";

// Against a real PostgreSQL: which runs the automation's header reads its times from.
let handle: DatabaseHandle;
let drop: () => Promise<void>;
beforeAll(async () => {
  const scratch = await createScratchDatabase(inject("testDatabaseUrl"));
  drop = scratch.drop;
  handle = await openDatabase({ databaseUrl: scratch.url, dataDir: "unused" });
});
afterAll(async () => {
  await handle?.close();
  await drop?.();
});

const at = (minute: number) => new Date(`2026-12-03T12:${String(minute).padStart(2, "0")}:00Z`);

describe("getAutomationTimes", () => {
  it("is empty before any run", async () => {
    expect(await getAutomationTimes(handle.db)).toEqual({ lastLoopStartedAt: null, lastSucceeded: null });
  });

  it("takes the last loop pass of any status, and the last success that was not a dry run", async () => {
    const { db } = handle;
    const run = async (
      trigger: "loop" | "cron" | "ui",
      status: "succeeded" | "skipped" | "blocked" | "dry_run",
      minute: number,
    ) => {
      const id = await insertRun(db, {
        trigger,
        actorId: trigger,
        dryRun: status === "dry_run",
        status,
        startedAt: at(minute),
      });
      await finishRun(db, id, { finishedAt: new Date(at(minute).getTime() + 1_000) });
      return id;
    };
    const succeeded = await run("loop", "succeeded", 1);
    await run("cron", "blocked", 2);
    await run("loop", "skipped", 3);
    await run("ui", "dry_run", 4);
    const times = await getAutomationTimes(db);
    expect(times).toEqual({
      lastLoopStartedAt: at(3),
      lastSucceeded: { id: succeeded, at: new Date(at(1).getTime() + 1_000) },
    });
    // The deciding run (for "last run" and "blocked") skips the skipped and the dry run.
    expect(await getLastDecidingRun(db)).toMatchObject({ status: "blocked", trigger: "cron" });
  });
});
