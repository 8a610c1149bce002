import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createWebhook } from "@/lib/db/queries/webhooks";
import { webhookDeliveries } from "@/lib/db/schema";
import { createSessionObjects } from "@/lib/k8s/session-objects";
import { SIGNATURE_HEADER, verifyWebhookSignature } from "@/lib/notify/signature";
import { testKubeConfig, waitFor } from "@/test/support/kube";
import { platformToken } from "@/test/support/platform";
import {
  connected,
  cron,
  orphanSpec,
  reconcileHarness,
  runningSession,
  sleep,
} from "@/test/support/reconcile-harness";
import { startWebhookReceiver } from "@/test/support/webhook-receiver";

// Through the real app (next start, its delivery loop), the real cluster and PostgreSQL, to a real
// receiver on loopback: a pass held at the blast-radius limit is told, signed, to the webhook.
const kubeConfig = testKubeConfig();
const secret = "whsec_app_integration_secret_0001";
let closeReceiver: (() => Promise<void>) | undefined;
const harness = reconcileHarness({ afterCleanUp: () => closeReceiver?.() ?? Promise.resolve() });

describe("notifications from the running app", () => {
  it("a run blocked by the blast-radius limit reaches the receiver as a signed run.blocked", async () => {
    const receiver = await startWebhookReceiver();
    closeReceiver = receiver.close;
    const platform = await harness.platformWith({
      ORPHAN_GRACE_SECONDS: "0",
      RECONCILE_MAX_DELETIONS: "1",
      WEBHOOK_DELIVERY_INTERVAL_SECONDS: "1",
    });
    const hook = await createWebhook(platform.handle.db, {
      name: "on-call",
      url: receiver.url,
      format: "generic",
      events: ["run.blocked", "run.failed"],
      secret,
      actor: { type: "system", id: "test" },
      now: new Date(),
    });
    const id = `s-${randomBytes(6).toString("hex")}`;
    await createSessionObjects(kubeConfig, await orphanSpec(platform, id));
    await waitFor("the orphan to be planned", async () =>
      ((await cron(platform, "?dryRun=1")).body.plan as { sessionId: string }[]).some(
        (a) => a.sessionId === id,
      )
        ? true
        : undefined,
    );
    const run = await cron(platform);
    expect(run.body.status).toBe("blocked");

    await waitFor(
      "the webhook delivery",
      async () => (receiver.received.length > 0 ? true : undefined),
      30_000,
    );
    const [got] = receiver.received;
    const check = verifyWebhookSignature({
      header: got!.headers[SIGNATURE_HEADER.toLowerCase()] as string,
      body: got!.body,
      secret,
      nowSeconds: Math.floor(Date.now() / 1000),
      toleranceSeconds: 300,
    });
    expect(check.ok).toBe(true);
    expect(got!.headers["x-session-reconciler-event"]).toBe("run.blocked");
    expect(JSON.parse(got!.body)).toMatchObject({
      type: "run.blocked",
      installation: platform.installation,
      data: { runId: run.body.runId, trigger: "cron", reason: run.body.reason },
    });
    await waitFor("the log to say delivered", async () => {
      const rows = await platform.handle.db
        .select()
        .from(webhookDeliveries)
        .where(eq(webhookDeliveries.webhookId, hook.id));
      return rows.length === 1 && rows[0]!.status === "delivered" ? rows[0] : undefined;
    });
    // Wrong secret: a receiver refuses it.
    expect(
      verifyWebhookSignature({
        header: got!.headers[SIGNATURE_HEADER.toLowerCase()] as string,
        body: got!.body,
        secret: "whsec_someone_else_entirely_0000",
        nowSeconds: Math.floor(Date.now() / 1000),
        toleranceSeconds: 300,
      }).ok,
    ).toBe(false);
  });

  it("a stuck session and every agent silent are each told once per episode, not every pass", async () => {
    const receiver = await startWebhookReceiver();
    const previous = closeReceiver;
    closeReceiver = async () => {
      await previous?.();
      await receiver.close();
    };
    const platform = await harness.platformWith({
      STUCK_TERMINATING_SECONDS: "1",
      AGENT_GONE_FORCE_SECONDS: "3600",
      WEBHOOK_DELIVERY_INTERVAL_SECONDS: "1",
    });
    await createWebhook(platform.handle.db, {
      name: "on-call",
      url: receiver.url,
      format: "slack",
      events: ["session.stuck", "agents.all_silent"],
      secret,
      actor: { type: "system", id: "test" },
      now: new Date(),
    });
    const agent = harness.launchAgent(platform, "agent-notify-1");
    await connected(platform, "agent-notify-1");
    const id = await runningSession(platform, "agent-notify-1");
    // The agent freezes before it can stop the session (the incident): it stays terminating.
    process.kill(-agent.child.pid!, "SIGSTOP");
    await platform.api("POST", `/api/v1/sessions/${id}/stop`, { token: platformToken, body: {} });
    await connected(platform, "agent-notify-1", false);

    for (let pass = 0; pass < 3; pass++) {
      await cron(platform);
      await sleep(1_500);
    }
    await waitFor("two deliveries", async () => (receiver.received.length >= 2 ? true : undefined), 30_000);
    await sleep(3_000); // a repeat would have been sent by now
    // The session is told while the plan only waits on it (its agent's silence not yet evidence):
    // stuck is a finding, whatever the plan decided. Each once over three passes.
    const types = receiver.received.map((r) => r.headers["x-session-reconciler-event"]).sort();
    expect(types).toEqual(["agents.all_silent", "session.stuck"]);
    const stuck = receiver.received.find((r) => r.headers["x-session-reconciler-event"] === "session.stuck")!;
    expect(JSON.parse(stuck.body).text).toContain(`Session ${id} is stuck terminating`);
    const silent = receiver.received.find(
      (r) => r.headers["x-session-reconciler-event"] === "agents.all_silent",
    )!;
    const body = JSON.parse(silent.body) as { text: string; blocks: unknown[] };
    expect(body.text).toContain("All 1 approved agent is silent since");
    expect(body.blocks).toHaveLength(2);
  });
});
