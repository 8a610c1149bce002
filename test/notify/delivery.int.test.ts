import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, inject } from "vitest";
import { openDatabase, type DatabaseHandle } from "@/lib/db/client";
import {
  claimDueDeliveries,
  createWebhook,
  enqueueDeliveries,
  recordDeliveryAttempt,
} from "@/lib/db/queries/webhooks";
import { auditEvents, webhookDeliveries } from "@/lib/db/schema";
import { runDeliveryRound, type DeliveryDeps } from "@/lib/notify/deliver";
import type { NotifyEvent } from "@/lib/notify/events";
import { notifyEvent } from "@/lib/notify/server";
import { SIGNATURE_HEADER, verifyWebhookSignature } from "@/lib/notify/signature";
import { waitFor } from "@/test/support/kube";
import { freePort, spawnGroup } from "@/test/support/processes";
import { createScratchDatabase } from "@/test/support/postgres";
import { startWebhookReceiver } from "@/test/support/webhook-receiver";

// The delivery worker against a real PostgreSQL and a real HTTP receiver on loopback; only the
// clock is moved by hand (so backoff is seen without waiting for it).
let handle: DatabaseHandle;
let drop: () => Promise<void>;
let databaseUrl: string;
beforeAll(async () => {
  const scratch = await createScratchDatabase(inject("testDatabaseUrl"));
  drop = scratch.drop;
  databaseUrl = scratch.url;
  handle = await openDatabase({ databaseUrl: scratch.url, dataDir: "unused" });
});
afterAll(async () => {
  await handle?.close();
  await drop?.();
});

const actor = { type: "user" as const, id: "admin@example.com" };
const secret = "whsec_integration_test_secret_0001";
const T0 = new Date("2026-12-04T03:00:00.000Z");
const sender = { installation: "notify-test", now: T0 };

const blocked = (runId: number): NotifyEvent => ({
  type: "run.blocked",
  occurredAt: T0.toISOString(),
  runId,
  trigger: "loop",
  reason: "blast-radius limit: it would delete 2 objects (limit 1)",
});

async function webhookTo(url: string, events: string[] = ["run.blocked"]) {
  return createWebhook(handle.db, { name: "test", url, format: "generic", events, secret, actor, now: T0 });
}

function worker(clock: { now: Date }, over: Partial<DeliveryDeps> = {}): DeliveryDeps {
  const db = handle.db;
  return {
    claim: (input) => claimDueDeliveries(db, input),
    record: (input) => recordDeliveryAttempt(db, input),
    fetch: globalThis.fetch,
    clock: () => clock.now,
    policy: { maxAttempts: 4, backoffSeconds: 10, maxBackoffSeconds: 3600 },
    timeoutSeconds: 2,
    ...over,
  };
}

const deliveriesOf = (webhookId: string) =>
  handle.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, webhookId));
const later = (s: number) => new Date(T0.getTime() + s * 1000);

describe("webhook deliveries", () => {
  it("a receiver answering 500 twice then 200: three signed attempts with backoff, then delivered", async () => {
    const receiver = await startWebhookReceiver((n) => (n <= 2 ? 500 : 200));
    try {
      const hook = await webhookTo(receiver.url);
      expect(await enqueueDeliveries(handle.db, { ...sender, events: [blocked(1)] })).toBe(1);
      const clock = { now: T0 };
      expect(await runDeliveryRound(worker(clock))).toMatchObject([{ delivered: false, statusCode: 500 }]);
      const [afterOne] = await deliveriesOf(hook.id);
      expect(afterOne).toMatchObject({
        status: "pending",
        attempts: 1,
        lastStatusCode: 500,
        lastError: "HTTP 500",
      });
      expect(afterOne!.nextAttemptAt).toEqual(later(10));

      // Not due yet: nothing is sent.
      clock.now = later(5);
      expect(await runDeliveryRound(worker(clock))).toEqual([]);
      clock.now = later(10);
      await runDeliveryRound(worker(clock));
      expect((await deliveriesOf(hook.id))[0]!.nextAttemptAt).toEqual(later(30));
      clock.now = later(30);
      expect(await runDeliveryRound(worker(clock))).toMatchObject([{ delivered: true, statusCode: 200 }]);

      const [done] = await deliveriesOf(hook.id);
      expect(done).toMatchObject({ status: "delivered", attempts: 3, lastStatusCode: 200, lastError: null });
      expect(done!.deliveredAt).toEqual(later(30));
      expect(receiver.received).toHaveLength(3);
      // Every attempt carries the same body and id, signed anew; the receiver verifies it as docs/operations.md says.
      for (const [i, r] of receiver.received.entries()) {
        expect(r.body).toBe(done!.body);
        expect(r.headers["x-session-reconciler-delivery"]).toBe(done!.id);
        expect(r.headers["x-session-reconciler-attempt"]).toBe(String(i + 1));
        const check = verifyWebhookSignature({
          header: r.headers[SIGNATURE_HEADER.toLowerCase()] as string,
          body: r.body,
          secret,
          nowSeconds: Math.floor(later(30).getTime() / 1000),
          toleranceSeconds: 300,
        });
        expect(check.ok).toBe(true);
      }
      expect(JSON.parse(receiver.received[0]!.body)).toMatchObject({
        id: done!.id,
        type: "run.blocked",
        installation: "notify-test",
        data: { runId: 1 },
      });
    } finally {
      await receiver.close();
    }
  });

  it("a receiver that is down: attempts grow with backoff, failed after the last", async () => {
    const url = `http://127.0.0.1:${await freePort()}/hook`;
    const hook = await webhookTo(url);
    await enqueueDeliveries(handle.db, { ...sender, events: [blocked(2)] });
    const clock = { now: T0 };
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 4; attempt++) {
      const [result] = await runDeliveryRound(worker(clock));
      expect(result).toMatchObject({ delivered: false, statusCode: null, attempt });
      expect(result!.error).toMatch(/fetch failed: .*ECONNREFUSED/);
      const [row] = await deliveriesOf(hook.id);
      expect(row!.attempts).toBe(attempt);
      if (row!.nextAttemptAt) {
        waits.push((row!.nextAttemptAt.getTime() - clock.now.getTime()) / 1000);
        clock.now = row!.nextAttemptAt;
      }
    }
    expect(waits).toEqual([10, 20, 40]);
    const [row] = await deliveriesOf(hook.id);
    expect(row).toMatchObject({ status: "failed", attempts: 4, nextAttemptAt: null });
    clock.now = later(100_000);
    expect(await runDeliveryRound(worker(clock))).toEqual([]);
  });

  it("the same episode is enqueued once; a webhook not subscribed gets nothing; a disabled one waits", async () => {
    const receiver = await startWebhookReceiver();
    try {
      const stuckHook = await webhookTo(receiver.url, ["session.stuck"]);
      const stuck: NotifyEvent = {
        type: "session.stuck",
        occurredAt: T0.toISOString(),
        sessionId: "s-dedupe",
        agentId: "a",
        state: "terminating",
        stateChangedAt: "2026-12-04T02:50:00.000Z",
        driftClass: "stuck-terminating",
        sentence: "terminating for 10 min",
      };
      await enqueueDeliveries(handle.db, { ...sender, events: [stuck] });
      await enqueueDeliveries(handle.db, {
        ...sender,
        now: later(60),
        events: [{ ...stuck, occurredAt: later(60).toISOString() }],
      });
      expect(await deliveriesOf(stuckHook.id)).toHaveLength(1);
      await enqueueDeliveries(handle.db, {
        ...sender,
        events: [{ ...stuck, stateChangedAt: later(1).toISOString() }],
      });
      expect(await deliveriesOf(stuckHook.id)).toHaveLength(2);
    } finally {
      await receiver.close();
    }
  });

  it("two workers (two replicas): one claims while the other's requests are in flight, never the same delivery", async () => {
    // Slow answers: the second worker looks for work while the first one's 20 requests are open.
    const receiver = await startWebhookReceiver(
      () => new Promise((resolve) => setTimeout(() => resolve(200), 1500)),
    );
    try {
      const hook = await webhookTo(receiver.url, ["run.failed"]);
      const events: NotifyEvent[] = Array.from({ length: 30 }, (_, i) => ({
        type: "run.failed",
        occurredAt: T0.toISOString(),
        runId: 1000 + i,
        trigger: "loop",
        error: "x",
      }));
      await enqueueDeliveries(handle.db, { ...sender, events });
      // Past everything earlier tests left pending (it fails at once: their receivers are closed).
      const clock = { now: later(200_000) };
      const first = runDeliveryRound({ ...worker(clock), batchSize: 20 });
      await waitFor("the first worker's requests", async () =>
        receiver.received.length > 0 ? true : undefined,
      );
      const second = await runDeliveryRound({ ...worker(clock), batchSize: 20 });
      const [a, b] = [await first, second];
      const rows = await deliveriesOf(hook.id);
      const ours = new Set(rows.map((r) => r.id));
      const ids = [...a, ...b].map((r) => r.id).filter((id) => ours.has(id));
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toHaveLength(30);
      expect(rows.every((r) => r.attempts === 1 && r.status === "delivered")).toBe(true);
      expect(receiver.received).toHaveLength(30);
      expect(new Set(receiver.received.map((r) => r.headers["x-session-reconciler-delivery"])).size).toBe(30);
    } finally {
      await receiver.close();
    }
  });

  it("a sender killed mid-request loses nothing: the claimed delivery is retried once its claim lapses", async () => {
    let hang = true;
    const receiver = await startWebhookReceiver(() => (hang ? "hang" : 200));
    try {
      const hook = await webhookTo(receiver.url, ["automation.paused"]);
      const paused: NotifyEvent = {
        type: "automation.paused",
        occurredAt: new Date().toISOString(),
        actorId: "admin@example.com",
      };
      await enqueueDeliveries(handle.db, { ...sender, now: new Date(), events: [paused] });
      const sending = spawnGroup(
        "notify-deliver-once",
        process.execPath,
        ["--conditions=react-server", "--import", "tsx", "test/notify/deliver-once.ts"],
        { WEBHOOK_TEST_DATABASE_URL: databaseUrl },
      );
      await waitFor(
        "the sender's request",
        async () => (receiver.received.length === 1 ? true : undefined),
        60_000,
      );
      const claimedAt = new Date();
      await sending.kill("SIGKILL");
      const [row] = await deliveriesOf(hook.id);
      // Claimed, its attempt counted, no answer recorded: still pending, due after the claim (30 s + 30 s).
      expect(row).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: null, deliveredAt: null });
      expect(row!.nextAttemptAt!.getTime()).toBeGreaterThan(claimedAt.getTime() + 50_000);

      hang = false;
      const clock = { now: new Date(row!.nextAttemptAt!.getTime() + 1000) };
      expect(await runDeliveryRound(worker(clock))).toMatchObject([{ delivered: true, attempt: 2 }]);
      expect((await deliveriesOf(hook.id))[0]).toMatchObject({ status: "delivered", attempts: 2 });
      expect(receiver.received.map((r) => r.headers["x-session-reconciler-delivery"])).toEqual([
        row!.id,
        row!.id,
      ]);
    } finally {
      await receiver.close();
    }
  });

  it("notifyEvent (the pause action's hook) enqueues in the caller's transaction: rolled back, nothing", async () => {
    const hook = await webhookTo("http://127.0.0.1:9/never", ["automation.paused", "automation.resumed"]);
    const paused: NotifyEvent = {
      type: "automation.paused",
      occurredAt: later(7).toISOString(),
      actorId: "a@x",
    };
    await handle.db
      .transaction(async (tx) => {
        expect(await notifyEvent(paused, { db: tx })).toBe(1);
        throw new Error("the pause failed");
      })
      .catch(() => undefined);
    expect(await deliveriesOf(hook.id)).toHaveLength(0);
    await handle.db.transaction(async (tx) => {
      await notifyEvent(
        [paused, { type: "automation.resumed", occurredAt: later(8).toISOString(), actorId: "a@x" }],
        {
          db: tx,
        },
      );
    });
    const rows = await deliveriesOf(hook.id);
    expect(rows.map((r) => r.eventType).sort()).toEqual(["automation.paused", "automation.resumed"]);
    expect(JSON.parse(rows.find((r) => r.eventType === "automation.paused")!.body)).toMatchObject({
      type: "automation.paused",
      data: { actorId: "a@x" },
    });
  });

  it("creating a webhook is audited without its secret", async () => {
    const rows = await handle.db.select().from(auditEvents).where(eq(auditEvents.action, "webhook.created"));
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toContain(secret);
  });
});
