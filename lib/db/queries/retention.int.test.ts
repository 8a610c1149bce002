import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, inject } from "vitest";
import { issueAgentCredential } from "@/lib/auth/tokens";
import { createScratchDatabase } from "@/test/support/postgres";
import { openDatabase, type DatabaseHandle } from "../client";
import { agents, auditEvents, reconcileRuns } from "../schema";
import { getAgent, recordHeartbeat, registerAgent } from "./agents";
import { insertRun } from "./reconcile";
import { pruneOnceADay } from "./retention";

// Against a real PostgreSQL: what is kept, what goes, and how often.
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

const NOW = new Date("2026-12-03T12:00:00Z");
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000);
const retention = { runsDays: 30, skippedRunsDays: 2, auditDays: 365 };

describe("pruneOnceADay", () => {
  it("deletes runs, skipped runs and audit events past their retention, once a day across processes", async () => {
    const { db } = handle;
    const run = (status: "succeeded" | "skipped" | "running", startedAt: Date) =>
      insertRun(db, { trigger: "cron", actorId: "cron", dryRun: false, status, startedAt });
    const kept = [
      await run("succeeded", daysAgo(10)),
      await run("skipped", daysAgo(1)),
      await run("running", daysAgo(40)),
    ];
    await run("succeeded", daysAgo(31));
    await run("skipped", daysAgo(3));
    await db.insert(auditEvents).values([
      { actorType: "system", actorId: "t", action: "test.old", occurredAt: daysAgo(400) },
      { actorType: "system", actorId: "t", action: "test.new", occurredAt: daysAgo(10) },
    ]);

    expect(await pruneOnceADay(db, { now: NOW, retention })).toEqual({
      runs: 1,
      skippedRuns: 1,
      auditEvents: 1,
    });
    expect((await db.select({ id: reconcileRuns.id }).from(reconcileRuns)).map((r) => r.id).sort()).toEqual(
      kept.sort(),
    );
    expect((await db.select().from(auditEvents).where(eq(auditEvents.action, "test.new"))).length).toBe(1);

    // Another process (or tick) the same day: not its turn.
    expect(await pruneOnceADay(db, { now: new Date(NOW.getTime() + 3_600_000), retention })).toBeNull();
    expect(await pruneOnceADay(db, { now: new Date(NOW.getTime() + 86_400_001), retention })).not.toBeNull();
  });
});

describe("recordHeartbeat", () => {
  it("writes an agent's inventory only when it changed", async () => {
    const { db } = handle;
    await registerAgent(db, {
      id: "agent-inv",
      name: "agent-inv",
      cluster: "c",
      autoApprove: true,
      now: NOW,
      issueCredential: (epoch) => issueAgentCredential("agent-inv", epoch),
    });
    const beat = async (inventory: string[], at: Date) =>
      recordHeartbeat(db, {
        agent: (await getAgent(db, "agent-inv"))!,
        inventory,
        now: at,
        heartbeatTimeoutSeconds: 30,
      });
    await beat(["s-a", "s-b"], NOW);
    await beat(["s-b", "s-a"], new Date(NOW.getTime() + 10_000)); // the same set: not written again
    const [row] = await db.select().from(agents).where(eq(agents.id, "agent-inv"));
    expect(row!.inventory).toEqual(["s-a", "s-b"]);
    expect(row!.lastHeartbeatAt).toEqual(new Date(NOW.getTime() + 10_000));
    await beat(["s-c"], new Date(NOW.getTime() + 20_000));
    expect((await getAgent(db, "agent-inv"))!.inventory).toEqual(["s-c"]);
  });
});
