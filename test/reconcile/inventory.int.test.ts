import { randomBytes } from "node:crypto";
import { AppsV1Api, CoreV1Api } from "@kubernetes/client-node";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { sessions } from "@/lib/db/schema";
import { createSessionObjects } from "@/lib/k8s/session-objects";
import { testKubeConfig, waitFor } from "@/test/support/kube";
import { orphanSpec } from "@/test/support/orphans";
import {
  auditOf,
  commandsOf,
  connected,
  cron,
  reconcileHarness,
  runningSession,
  sessionRow,
  sleep,
} from "@/test/support/reconcile-harness";
import type { Platform } from "@/test/support/platform";

// Inventory reconciliation on the real app, PostgreSQL, the local cluster and reference agents
// as processes: what an agent reports it runs (its inventory: the session ids of its
// Deployments) is compared with the database and the cluster.
const harness = reconcileHarness();
const apps = testKubeConfig().makeApiClient(AppsV1Api);
const core = testKubeConfig().makeApiClient(CoreV1Api);

/** A session id in the platform's format (`s-` and 12 of [a-z0-9]) that no row holds. */
const newId = () => `s-${randomBytes(12).toString("hex").slice(0, 12)}`;

const deploymentsOf = async (platform: Platform, id: string) =>
  (await apps.listNamespacedDeployment({ namespace: platform.namespace, labelSelector: `session=${id}` }))
    .items;

/** The database says the session ended, while its agent and its objects go on (a restored backup, a hand edit). */
async function endInDatabaseOnly(platform: Platform, id: string, secondsAgo: number) {
  const at = new Date(Date.now() - secondsAgo * 1000);
  await platform.handle.db
    .update(sessions)
    .set({ state: "terminated", terminationReason: "admin_forced", stateChangedAt: at, terminatedAt: at })
    .where(eq(sessions.id, id));
}

describe("ended but still running", () => {
  it("queues a stop to the agent that still reports an ended session; its agent removes the objects", async () => {
    // Leaked objects would be deleted first (that fix is tested elsewhere): manual here, so the
    // agent's own report is what acts.
    const platform = await harness.platformWith({
      RECONCILE_MODES: "leaked-resources=manual",
      ENDED_BUT_RUNNING_GRACE_SECONDS: "1",
    });
    harness.launchAgent(platform, "agent-inv1");
    await connected(platform, "agent-inv1");
    const id = await runningSession(platform, "agent-inv1");
    await waitFor(`${id} deployment`, async () =>
      (await deploymentsOf(platform, id)).length ? true : undefined,
    );

    await endInDatabaseOnly(platform, id, 5);
    await sleep(5_000); // a heartbeat whose inventory (listed after the grace) still names it

    const { body } = await cron(platform);
    expect(body.outcomes).toEqual([
      expect.objectContaining({ type: "queue-stop", sessionId: id, status: "applied" }),
    ]);
    const stop = (await commandsOf(platform, id)).filter((c) => c.type === "stop_session");
    expect(stop).toHaveLength(1);
    expect(stop[0]!.agentId).toBe("agent-inv1");

    // The agent takes the stop and removes its objects; the row stays as the database said.
    await waitFor(
      "the stop completed",
      async () =>
        (await commandsOf(platform, id)).some((c) => c.type === "stop_session" && c.status === "completed")
          ? true
          : undefined,
      30_000,
    );
    await waitFor(
      "its deployment gone",
      async () => ((await deploymentsOf(platform, id)).length === 0 ? true : undefined),
      30_000,
    );
    const row = await sessionRow(platform, id);
    expect(row.state).toBe("terminated");
    expect(row.terminationReason).toBe("admin_forced");

    // Once the agent no longer reports it, nothing more is asked of it.
    await sleep(4_000);
    const again = await cron(platform);
    expect(again.body.outcomes.filter((o: { type: string }) => o.type === "queue-stop")).toEqual([]);
    expect((await commandsOf(platform, id)).filter((c) => c.type === "stop_session")).toHaveLength(1);
  });
});

describe("missing, by the cluster and the agent both", () => {
  it("fails a running session its agent no longer reports and the cluster no longer shows", async () => {
    const platform = await harness.platformWith({ MISSING_RESOURCES_GRACE_SECONDS: "1" });
    harness.launchAgent(platform, "agent-inv2");
    await connected(platform, "agent-inv2");
    const kept = await runningSession(platform, "agent-inv2");
    const lost = await runningSession(platform, "agent-inv2");
    await waitFor("deployments", async () =>
      (await deploymentsOf(platform, kept)).length && (await deploymentsOf(platform, lost)).length
        ? true
        : undefined,
    );

    // Its objects vanish behind everyone's back (deleted by hand).
    await apps.deleteNamespacedDeployment({ name: lost, namespace: platform.namespace });
    await core.deleteNamespacedService({ name: lost, namespace: platform.namespace });
    await waitFor("the agent's inventory without it", async () => {
      const [agent] = (
        await platform.api("GET", "/api/v1/agents", { token: "test-platform-token-0123456789" })
      ).body.agents as { id: string; inventory: string[] }[];
      return agent && !agent.inventory.includes(lost) && agent.inventory.includes(kept) ? true : undefined;
    });
    const dry = await waitFor("the plan to fail it", async () => {
      const { body } = await cron(platform, "?dryRun=1");
      return (body.plan as { type: string; sessionId: string }[]).some((a) => a.sessionId === lost)
        ? body
        : undefined;
    });
    expect(dry.plan).toEqual([
      expect.objectContaining({
        type: "fail-session",
        sessionId: lost,
        driftClass: "missing-resources",
        reason: expect.stringContaining("agent agent-inv2 does not report it"),
      }),
    ]);

    const { body } = await cron(platform);
    expect(body.outcomes).toEqual([
      expect.objectContaining({ type: "fail-session", sessionId: lost, status: "applied" }),
    ]);
    expect((await sessionRow(platform, lost)).state).toBe("failed");
    expect((await sessionRow(platform, lost)).terminationReason).toBe("resources_missing");
    expect((await sessionRow(platform, kept)).state).toBe("running");
  });
});

describe("the first heartbeat after a silence", () => {
  it("compares the agent's inventory with the database at once and audits the counts", async () => {
    const platform = await harness.platformWith({});
    const agent = harness.launchAgent(platform, "agent-inv3");
    await connected(platform, "agent-inv3");
    const [a, b, c] = [
      await runningSession(platform, "agent-inv3"),
      await runningSession(platform, "agent-inv3"),
      await runningSession(platform, "agent-inv3"),
    ];
    // Objects of ours under this agent's label for an id we have no row for: reported, unknown to us.
    const unknownId = newId(); // the platform's id format: the heartbeat refuses any other
    await createSessionObjects(testKubeConfig(), await orphanSpec(platform, unknownId, "agent-inv3"));
    await waitFor("the agent's inventory with all four", async () => {
      const { body } = await platform.api("GET", "/api/v1/agents", {
        token: "test-platform-token-0123456789",
      });
      const inventory = (body.agents as { id: string; inventory: string[] }[])[0]?.inventory ?? [];
      return [a, b, c, unknownId].every((id) => inventory.includes(id)) ? true : undefined;
    });
    expect(await auditOf(platform, "agent.inventory_compared")).toEqual([]);

    // The agent falls silent (frozen) past the heartbeat timeout; meanwhile the database moves on.
    process.kill(-agent.child.pid!, "SIGSTOP");
    await connected(platform, "agent-inv3", false);
    await endInDatabaseOnly(platform, a, 1);
    const missingId = newId();
    const now = new Date();
    await platform.handle.db.insert(sessions).values({
      id: missingId,
      userId: "u-1",
      template: "registry.example/ws:1",
      namespace: platform.namespace,
      agentId: "agent-inv3",
      state: "running",
      stateChangedAt: now,
      createdAt: now,
      updatedAt: now,
    });

    process.kill(-agent.child.pid!, "SIGCONT");
    await connected(platform, "agent-inv3");
    const [event] = await waitFor("the comparison", async () => {
      const events = await auditOf(platform, "agent.inventory_compared");
      return events.length ? events : undefined;
    });
    expect(event!.agentId).toBe("agent-inv3");
    expect(event!.details).toMatchObject({
      reported: 4,
      matched: 2,
      endedButRunning: 1,
      missing: 1,
      unknownToUs: 1,
      endedButRunningIds: [a],
      missingIds: [missingId],
      clusterChecked: false,
    });
    // Counted, never acted on: the unknown id's objects are still there, its row was never made.
    expect(await deploymentsOf(platform, unknownId)).toHaveLength(1);
    expect((await auditOf(platform, "agent.inventory_compared")).length).toBe(1);
  });
});
