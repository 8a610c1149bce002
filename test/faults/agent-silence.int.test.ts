import { describe, expect, it } from "vitest";
import { testEnvironment } from "@/test/support/kube";
import { platformToken } from "@/test/support/platform";
import {
  connected,
  cron,
  metric,
  reconcileHarness,
  runningSession,
  sessionRow,
  sleep,
} from "@/test/support/reconcile-harness";
import { proxiedKubeconfig, startTcpProxy } from "@/test/support/tcp-proxy";

// Silence is not death. Each fault is made for real against the real app, PostgreSQL, the local
// cluster and reference agents as processes, with the heartbeat timeout at 6 s and the grace at
// 1 s (so "silent past the grace" takes 7 s, where production takes 60).
const proxies: { close(): Promise<void> }[] = [];
const harness = reconcileHarness({
  afterCleanUp: async () => {
    for (const proxy of proxies) await proxy.close();
  },
});

const thresholds = {
  AGENT_DISCONNECT_GRACE_SECONDS: "1",
  AGENT_GONE_FORCE_SECONDS: "1",
  STUCK_TERMINATING_SECONDS: "1",
};

describe("agents falling silent together", () => {
  it("holds agent-lost terminations when most agents go quiet at once, says why, and ends nothing", async () => {
    const platform = await harness.platformWith(thresholds);
    const agents = ["agent-m1", "agent-m2", "agent-m3"].map((id) => ({
      id,
      process: harness.launchAgent(platform, id),
    }));
    for (const a of agents) await connected(platform, a.id);
    const ids = await Promise.all(agents.map((a) => runningSession(platform, a.id)));

    // Two of three agents stop answering at once (their processes frozen: a partition, a node).
    for (const a of agents.slice(0, 2)) process.kill(-a.process.child.pid!, "SIGSTOP");
    await connected(platform, "agent-m1", false);
    await connected(platform, "agent-m2", false);
    await sleep(3_000); // past the grace

    const { body } = await cron(platform);
    expect(body.outcomes).toEqual([]);
    for (const id of ids) expect((await sessionRow(platform, id)).state).toBe("running");
    const held = (body.attention as { sessionId: string; sentence: string }[]).filter((a) =>
      ids.slice(0, 2).includes(a.sessionId),
    );
    expect(held.map((a) => a.sentence)).toEqual([
      expect.stringMatching(
        /2 of 3 agents fell silent within \d+ s .*suspect the control plane or the network/,
      ),
      expect.stringMatching(/2 of 3 agents fell silent/),
    ]);
    expect(await metric(platform, "reconcile_held_for_silence_sessions")).toBe(2);

    // They come back: nothing was lost, and the next pass has nothing to do.
    for (const a of agents.slice(0, 2)) process.kill(-a.process.child.pid!, "SIGCONT");
    await connected(platform, "agent-m1");
    await connected(platform, "agent-m2");
    expect((await cron(platform)).body.outcomes).toEqual([]);
    for (const id of ids) expect((await sessionRow(platform, id)).state).toBe("running");
    expect(await metric(platform, "reconcile_held_for_silence_sessions")).toBe(0);
  });

  it("still ends the sessions of a lone agent that dies while the others go on", async () => {
    const platform = await harness.platformWith(thresholds);
    const alive = harness.launchAgent(platform, "agent-l1");
    const dying = harness.launchAgent(platform, "agent-l2");
    await connected(platform, "agent-l1");
    await connected(platform, "agent-l2");
    const [kept, lost] = [
      await runningSession(platform, "agent-l1"),
      await runningSession(platform, "agent-l2"),
    ];
    await dying.kill("SIGKILL");
    await connected(platform, "agent-l2", false);
    await sleep(3_000);
    const { body } = await cron(platform);
    expect(body.outcomes).toEqual([
      expect.objectContaining({ type: "terminate-session", sessionId: lost, status: "applied" }),
    ]);
    expect((await sessionRow(platform, kept)).state).toBe("running");
    expect(alive.child.exitCode).toBeNull();
  });
});

describe("our own outage", () => {
  it("does not read every agent as gone after the database was unreachable, then converges", async () => {
    const { databaseUrl } = testEnvironment();
    const pgUrl = new URL(databaseUrl);
    const proxy = await startTcpProxy({ host: pgUrl.hostname, port: Number(pgUrl.port || 5432) });
    proxies.push(proxy); // closed after the platform is stopped (its scratch database dropped through it)
    const throughProxy = new URL(databaseUrl);
    throughProxy.port = String(proxy.port);
    {
      // The app (and this test's handle) reach PostgreSQL through the proxy.
      const platform = await harness.platformWith(thresholds, { databaseUrl: throughProxy.toString() });
      harness.launchAgent(platform, "agent-o1");
      harness.launchAgent(platform, "agent-o2");
      harness.launchAgent(platform, "agent-o3");
      for (const id of ["agent-o1", "agent-o2", "agent-o3"]) await connected(platform, id);
      const ids = [await runningSession(platform, "agent-o1"), await runningSession(platform, "agent-o2")];

      proxy.block(); // the database is gone for the app: no heartbeat can be recorded
      await sleep(15_000); // twice the heartbeat timeout plus the grace
      proxy.unblock();

      // The first pass after recovery sees every agent silent for 15 s: held, nothing ended.
      const first = await cron(platform);
      expect(first.status).toBe(200);
      expect(first.body.outcomes).toEqual([]);
      for (const id of ids) expect((await sessionRow(platform, id)).state).toBe("running");
      // Whichever agents have not reconnected yet are held, with the reason.
      const held = (first.body.attention as { sessionId: string; sentence: string }[]).filter((a) =>
        ids.includes(a.sessionId),
      );
      for (const a of held)
        expect(a.sentence).toMatch(/could not receive heartbeats before .*suspect the control plane/);

      // The agents come back by themselves; nothing was lost.
      for (const id of ["agent-o1", "agent-o2", "agent-o3"]) await connected(platform, id, true, 60_000);
      expect((await cron(platform)).body.outcomes).toEqual([]);
      for (const id of ids) expect((await sessionRow(platform, id)).state).toBe("running");
    }
  });
});

describe("a busy agent", () => {
  it("keeps heartbeating while its Kubernetes calls hang, so its running sessions are not lost", async () => {
    const { proxy, kubeconfig } = await proxiedKubeconfig(testEnvironment().kubeconfig, "busy-agent");
    try {
      const platform = await harness.platformWith(thresholds);
      const agent = harness.launchAgent(platform, "agent-busy", kubeconfig);
      await connected(platform, "agent-busy");
      const running = await runningSession(platform, "agent-busy");

      // The API server (or an admission webhook) hangs: the agent's next start waits on it.
      proxy.freeze();
      await platform.api("POST", "/api/v1/sessions", {
        token: platformToken,
        body: { userId: "u-2", template: "registry.example/ws:1", agentId: "agent-busy" },
      });
      await sleep(12_000); // the start hangs for longer than the heartbeat timeout and the grace

      const { body } = await cron(platform);
      expect(body.outcomes).toEqual([]);
      expect((await sessionRow(platform, running)).state).toBe("running");
      proxy.thaw();
      expect(agent.child.exitCode).toBeNull();
    } finally {
      proxy.thaw();
      await proxy.close();
    }
  });
});
