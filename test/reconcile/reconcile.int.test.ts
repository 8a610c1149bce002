import { randomBytes } from "node:crypto";
import { AppsV1Api, CoreV1Api } from "@kubernetes/client-node";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { agentCommands, auditEvents, reconcileRuns } from "@/lib/db/schema";
import { createSessionObjects } from "@/lib/k8s/session-objects";
import { testEnvironment, testKubeConfig, waitFor } from "@/test/support/kube";
import { bootstrapToken, platformToken, type Platform } from "@/test/support/platform";
import type { Spawned } from "@/test/support/processes";
import { freezeInLongPoll } from "@/test/support/agent-control";
import { proxiedKubeconfig } from "@/test/support/tcp-proxy";
import {
  connected,
  cron,
  cronSecret,
  metric,
  orphanSpec,
  reconcileHarness,
  runningSession,
  sessionRow,
} from "@/test/support/reconcile-harness";

// The reconciler end to end: the real app with its cron endpoint, PostgreSQL, reference agents as
// processes and the local cluster. Thresholds are shortened by configuration.
const kubeConfig = testKubeConfig();
const core = kubeConfig.makeApiClient(CoreV1Api);
const apps = kubeConfig.makeApiClient(AppsV1Api);
const harness = reconcileHarness();
const { platformWith, launchAgent } = harness;
const row = sessionRow;

const objectCount = async (platform: Platform, id: string) => {
  const selector = `session=${id}`;
  const [d, s, p] = await Promise.all([
    apps.listNamespacedDeployment({ namespace: platform.namespace, labelSelector: selector }),
    core.listNamespacedService({ namespace: platform.namespace, labelSelector: selector }),
    core.listNamespacedPod({ namespace: platform.namespace, labelSelector: selector }),
  ]);
  return d.items.length + s.items.length + p.items.length;
};

/** Kill agent A the way the incident does: it takes the stop into its long poll and never acts. */
async function killHoldingTheStop(platform: Platform, agent: Spawned, sessionId: string, agentId: string) {
  await freezeInLongPoll(platform, agent, agentId);
  expect(
    (await platform.api("POST", `/api/v1/sessions/${sessionId}/stop`, { token: platformToken })).status,
  ).toBe(202);
  await waitFor("the stop to be dispatched", async () => {
    const commands = await platform.handle.db
      .select()
      .from(agentCommands)
      .where(eq(agentCommands.sessionId, sessionId));
    return commands.some((c) => c.type === "stop_session" && c.status === "dispatched") ? true : undefined;
  });
  await agent.kill("SIGKILL");
}

describe("the incident's test plan", () => {
  it("force-terminates the stuck session, deletes its objects, audits it and moves the metrics", async () => {
    const platform = await platformWith({
      STUCK_TERMINATING_SECONDS: "2",
      AGENT_HEARTBEAT_TIMEOUT_SECONDS: "2",
      AGENT_GONE_FORCE_SECONDS: "2",
      AGENT_DISCONNECT_GRACE_SECONDS: "600",
    });
    const agentA = launchAgent(platform, "agent-a");
    await connected(platform, "agent-a");
    const id = await runningSession(platform, "agent-a");
    await waitFor("its pod", async () => ((await objectCount(platform, id)) === 3 ? true : undefined));
    await killHoldingTheStop(platform, agentA, id, "agent-a");
    expect((await row(platform, id)).state).toBe("terminating");

    // Before the thresholds pass, the reconciler waits.
    const early = await cron(platform);
    expect(early.body.plan).toEqual([]);

    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const run = await cron(platform);
    expect(run.status).toBe(200);
    expect(run.body.status).toBe("succeeded");
    expect(run.body.plan).toMatchObject([
      { type: "force-terminate", sessionId: id, terminationReason: "stuck_timeout" },
    ]);
    expect(run.body.outcomes).toMatchObject([
      { status: "applied", deleted: [{ kind: "Deployment" }, { kind: "Service" }] },
    ]);

    expect(await row(platform, id)).toMatchObject({
      state: "terminated",
      terminationReason: "stuck_timeout",
    });
    await waitFor(
      "the Deployment, Service and pods to go",
      async () => ((await objectCount(platform, id)) === 0 ? true : undefined),
      30_000,
    );
    const [forced] = await platform.handle.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.sessionId, id), eq(auditEvents.action, "session.force_terminated")));
    expect(forced).toMatchObject({
      actorType: "cron",
      details: { reason: "stuck_timeout", driftClass: "stuck-terminating" },
    });
    expect(
      (await platform.handle.db.select().from(agentCommands).where(eq(agentCommands.sessionId, id))).map(
        (c) => c.status,
      ),
    ).not.toContain("dispatched");

    expect(await metric(platform, 'reconcile_actions_total{type="force-terminate",outcome="applied"}')).toBe(
      1,
    );
    expect(await metric(platform, "sessions_stuck_terminating_total")).toBe(1);
    expect(await metric(platform, "sessions_stuck_terminating ")).toBe(1);
    await cron(platform);
    expect(await metric(platform, "sessions_stuck_terminating ")).toBe(0);
    expect(await metric(platform, "reconcile_last_success_timestamp_seconds")).toBeGreaterThan(0);
  });
});

describe("agents that come back or are slow", () => {
  it("terminates nothing when the agent returns within the grace period, and terminates after it", async () => {
    const platform = await platformWith({
      AGENT_HEARTBEAT_TIMEOUT_SECONDS: "2",
      AGENT_DISCONNECT_GRACE_SECONDS: "8",
    });
    const agent = launchAgent(platform, "agent-g");
    await connected(platform, "agent-g");
    const id = await runningSession(platform, "agent-g");

    process.kill(-agent.child.pid!, "SIGSTOP");
    await connected(platform, "agent-g", false);
    expect((await cron(platform)).body.plan).toEqual([]);
    process.kill(-agent.child.pid!, "SIGCONT");
    await connected(platform, "agent-g");
    expect((await cron(platform)).body.plan).toEqual([]);
    expect((await row(platform, id)).state).toBe("running");

    // Solution 2: gone past the grace period → terminated with agent_disconnected, objects deleted.
    await agent.kill("SIGKILL");
    await new Promise((resolve) => setTimeout(resolve, 11_000));
    const run = await cron(platform);
    expect(run.body.plan).toMatchObject([
      { type: "terminate-session", sessionId: id, terminationReason: "agent_disconnected" },
    ]);
    expect(await row(platform, id)).toMatchObject({
      state: "terminated",
      terminationReason: "agent_disconnected",
    });
    expect((await row(platform, id)).terminatedAt).toBeInstanceOf(Date);
    await waitFor(
      "its objects to go",
      async () => ((await objectCount(platform, id)) === 0 ? true : undefined),
      30_000,
    );
  });

  it("retries the stop for a connected but slow agent instead of forcing", async () => {
    const platform = await platformWith({
      STUCK_TERMINATING_SECONDS: "1",
      COMMAND_DISPATCH_TIMEOUT_SECONDS: "1",
      COMMAND_MAX_ATTEMPTS: "1",
      RETRY_STOP_BACKOFF_SECONDS: "1",
      AGENT_GONE_FORCE_SECONDS: "1",
    });
    // A hand-driven agent: it heartbeats, takes the stop, and never reports it.
    const registered = await platform.api("POST", "/api/v1/agents/register", {
      token: bootstrapToken,
      body: { agentId: "agent-slow", cluster: "it" },
    });
    const token = registered.body.token as string;
    const beat = () => platform.api("POST", "/api/v1/agents/heartbeat", { token, body: { inventory: [] } });
    await beat();
    const created = await platform.api("POST", "/api/v1/sessions", {
      token: platformToken,
      body: { userId: "u", template: "img:1", agentId: "agent-slow" },
    });
    const id = (created.body.session as { id: string }).id;
    const [start] = (await beat()).body.commands as { id: number }[];
    await platform.api("POST", `/api/v1/agents/commands/${start!.id}/result`, {
      token,
      body: { status: "completed" },
    });
    await platform.api("POST", `/api/v1/sessions/${id}/stop`, { token: platformToken });
    expect(((await beat()).body.commands as { type: string }[]).map((c) => c.type)).toEqual(["stop_session"]);

    await new Promise((resolve) => setTimeout(resolve, 2_500));
    await beat(); // still connected; the unreported stop expires (one attempt allowed, so no requeue)
    const run = await cron(platform);
    expect(run.body.plan).toMatchObject([{ type: "retry-stop", sessionId: id, attempt: 2 }]);
    expect(run.body.outcomes).toMatchObject([{ status: "applied" }]);
    expect((await row(platform, id)).state).toBe("terminating");
    const stops = (
      await platform.handle.db.select().from(agentCommands).where(eq(agentCommands.sessionId, id))
    ).filter((c) => c.type === "stop_session");
    expect(stops.map((c) => [c.status, c.attempt])).toEqual([
      ["expired", 1],
      ["pending", 2],
    ]);
    // With a stop open again, the next pass waits rather than piling up another.
    expect((await cron(platform)).body.plan).toEqual([]);
  });
});

describe("single flight and failures", () => {
  it("runs once for 20 concurrent cron calls: the others are skipped, no action applies twice", async () => {
    const platform = await platformWith({ ORPHAN_GRACE_SECONDS: "0" });
    const ids = Array.from({ length: 8 }, () => `s-${randomBytes(6).toString("hex")}`);
    for (const id of ids) await createSessionObjects(kubeConfig, await orphanSpec(platform, id));
    await waitFor("the app to see the orphans", async () => {
      const dry = await cron(platform, "?dryRun=1");
      return (dry.body.plan as unknown[]).length === ids.length ? true : undefined;
    });

    const results = await Promise.all(Array.from({ length: 20 }, () => cron(platform)));
    const statuses = results.map((r) => r.body.status as string);
    const acted = results.filter((r) =>
      (r.body.outcomes as { status: string }[]).some((o) => o.status === "applied"),
    );
    expect(acted).toHaveLength(1);
    expect(statuses.filter((s) => s === "skipped").length).toBeGreaterThanOrEqual(17);
    expect(statuses.filter((s) => s !== "skipped").every((s) => s === "succeeded")).toBe(true);

    const deletions = await platform.handle.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "resources.deleted"));
    expect(deletions).toHaveLength(ids.length);
    expect(new Set(deletions.map((d) => d.sessionId)).size).toBe(ids.length);
    const runs = await platform.handle.db.select().from(reconcileRuns);
    expect(runs.filter((r) => r.status === "skipped").length).toBe(
      statuses.filter((s) => s === "skipped").length,
    );
  });

  it("deletes and ends nothing on a failed list, records the failure, and the next run finishes the job", async () => {
    const { proxy, kubeconfig: throughProxy } = await proxiedKubeconfig(
      testEnvironment().kubeconfig,
      "reconcile",
    );
    try {
      const platform = await platformWith(
        {
          CLUSTER_OBSERVER: "list",
          ORPHAN_GRACE_SECONDS: "0",
          STUCK_TERMINATING_SECONDS: "1",
          AGENT_HEARTBEAT_TIMEOUT_SECONDS: "2",
          AGENT_GONE_FORCE_SECONDS: "1",
          AGENT_DISCONNECT_GRACE_SECONDS: "600",
        },
        { kubeconfig: throughProxy },
      );
      const agent = launchAgent(platform, "agent-f");
      await connected(platform, "agent-f");
      const id = await runningSession(platform, "agent-f");
      await killHoldingTheStop(platform, agent, id, "agent-f");
      const orphan = `s-${randomBytes(6).toString("hex")}`;
      await createSessionObjects(kubeConfig, await orphanSpec(platform, orphan));
      await new Promise((resolve) => setTimeout(resolve, 3_000));

      proxy.block();
      const failedRun = await cron(platform);
      expect(failedRun.body.status).toBe("partial");
      expect(failedRun.body.error).toMatch(/not observed: deployments .*nothing was deleted or ended/);
      expect(failedRun.body.plan).toEqual([]);
      expect((await row(platform, id)).state).toBe("terminating");
      expect(await objectCount(platform, id)).toBe(3);
      expect(await objectCount(platform, orphan)).toBeGreaterThanOrEqual(2);
      const [stored] = await platform.handle.db
        .select()
        .from(reconcileRuns)
        .where(eq(reconcileRuns.id, failedRun.body.runId as number));
      expect(stored).toMatchObject({ status: "partial", error: expect.stringContaining("not observed") });

      proxy.unblock();
      const next = await cron(platform);
      expect(next.body.status).toBe("succeeded");
      expect((next.body.plan as { type: string }[]).map((a) => a.type).sort()).toEqual([
        "delete-objects",
        "force-terminate",
      ]);
      expect((await row(platform, id)).state).toBe("terminated");
      await waitFor(
        "all objects to go",
        async () =>
          (await objectCount(platform, id)) + (await objectCount(platform, orphan)) === 0 ? true : undefined,
        30_000,
      );
    } finally {
      await proxy.close();
    }
  });

  it("answers 401 without or with a wrong cron secret and 503 when none is configured, running nothing", async () => {
    const platform = await platformWith({});
    const before = await platform.handle.db.select().from(reconcileRuns);
    expect((await fetch(`${platform.app.url}/api/cron/reconcile`)).status).toBe(401);
    expect(
      (
        await fetch(`${platform.app.url}/api/cron/reconcile`, {
          headers: { authorization: "Bearer wrong-secret-wrong-secret" },
        })
      ).status,
    ).toBe(401);
    expect(
      (await fetch(`${platform.app.url}/api/cron/reconcile`, { headers: { authorization: cronSecret } }))
        .status,
    ).toBe(401);
    expect(await platform.handle.db.select().from(reconcileRuns)).toEqual(before);
    const unset = await platformWith({ CRON_SECRET: "" });
    const answer = await fetch(`${unset.app.url}/api/cron/reconcile`, {
      headers: { authorization: `Bearer ${cronSecret}` },
    });
    expect(answer.status).toBe(503);
    expect(((await answer.json()) as { error: { message: string } }).error.message).toMatch(
      /CRON_SECRET is not set/,
    );
  });
});
