import { randomBytes } from "node:crypto";
import { AppsV1Api, CoreV1Api, type KubeConfig } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { createSessionObjects } from "@/lib/k8s/session-objects";
import {
  secondKubeConfig,
  secondKubeconfigPath,
  testEnvironment,
  testKubeConfig,
  waitFor,
} from "@/test/support/kube";
import { testMetricsToken } from "@/test/support/auth";
import { bootstrapToken, platformToken, type Platform } from "@/test/support/platform";
import { connected, cron, orphanSpec, reconcileHarness, sessionRow } from "@/test/support/reconcile-harness";
import { proxiedKubeconfig, type startTcpProxy } from "@/test/support/tcp-proxy";

// Two real API servers (two local clusters, each with its own etcd), one installation watching
// both: each session lives in its agent's cluster, each cluster is observed and acted on alone,
// and a cluster that cannot be read holds back its own sessions and nothing of the other's.

const first = testKubeConfig();
const second = secondKubeConfig();
const proxies: Awaited<ReturnType<typeof startTcpProxy>>[] = [];
const harness = reconcileHarness({
  // The platform's namespace exists in both clusters.
  deleteNamespace: (name) =>
    Promise.all(
      [first, second].map((kc) =>
        kc
          .makeApiClient(CoreV1Api)
          .deleteNamespace({ name })
          .catch(() => undefined),
      ),
    ),
  afterCleanUp: () => Promise.all(proxies.map((p) => p.close())),
});

const objectCount = async (kubeConfig: KubeConfig, platform: Platform, id: string) => {
  const selector = `session=${id}`;
  const namespace = platform.namespace;
  const apps = kubeConfig.makeApiClient(AppsV1Api);
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const [d, s] = await Promise.all([
    apps.listNamespacedDeployment({ namespace, labelSelector: selector }),
    core.listNamespacedService({ namespace, labelSelector: selector }),
  ]);
  return d.items.length + s.items.length;
};

async function sessionIn(platform: Platform, cluster: string): Promise<string> {
  const { status, body } = await platform.api("POST", "/api/v1/sessions", {
    token: platformToken,
    body: { userId: "u-1", template: "registry.example/ws:1", cluster },
  });
  expect(status).toBe(201);
  const id = (body.session as { id: string }).id;
  await waitFor(
    `${id} running`,
    async () => ((await sessionRow(platform, id)).state === "running" ? true : undefined),
    30_000,
  );
  return id;
}

const orphanId = () => `s-${randomBytes(6).toString("hex")}`;

describe("one installation, two clusters", () => {
  it("keeps each session in its own cluster, and an unreadable cluster holds back only its own", async () => {
    const { proxy, kubeconfig: secondThroughProxy } = await proxiedKubeconfig(secondKubeconfigPath(), "two");
    proxies.push(proxy);
    const platform = await harness.platformWith({
      CLUSTERS: JSON.stringify([
        { id: "one", kubeconfig: testEnvironment().kubeconfig },
        { id: "two", kubeconfig: secondThroughProxy },
      ]),
      // One list per kind and pass: a cut cluster is unknown at the very next pass.
      CLUSTER_OBSERVER: "list",
      ORPHAN_GRACE_SECONDS: "0",
      MISSING_RESOURCES_GRACE_SECONDS: "1",
    });
    harness.launchAgent(platform, "agent-one", testEnvironment().kubeconfig, "one");
    harness.launchAgent(platform, "agent-two", secondKubeconfigPath(), "two");
    await connected(platform, "agent-one");
    await connected(platform, "agent-two");

    const inOne = await sessionIn(platform, "one");
    const inTwo = await sessionIn(platform, "two");
    expect((await sessionRow(platform, inOne)).cluster).toBe("one");
    expect((await sessionRow(platform, inTwo)).cluster).toBe("two");
    // Each agent created its session's objects in its own cluster, and only there.
    expect(await objectCount(first, platform, inOne)).toBe(2);
    expect(await objectCount(second, platform, inOne)).toBe(0);
    expect(await objectCount(second, platform, inTwo)).toBe(2);
    expect(await objectCount(first, platform, inTwo)).toBe(0);

    // An orphan in each cluster; then cluster two stops answering.
    const orphanOne = orphanId();
    const orphanTwo = orphanId();
    await createSessionObjects(first, await orphanSpec(platform, orphanOne));
    await createSessionObjects(second, await orphanSpec(platform, orphanTwo));
    proxy.block();

    const cut = await cron(platform);
    expect(cut.body.status).toBe("partial");
    expect(cut.body.kinds).toContainEqual(expect.objectContaining({ cluster: "two", state: "error" }));
    expect(cut.body.kinds).toContainEqual(expect.objectContaining({ cluster: "one", state: "synced" }));
    // Cluster one was reconciled: its orphan is gone...
    expect(await objectCount(first, platform, orphanOne)).toBe(0);
    // ...while nothing of cluster two was touched: its orphan stays, its running session (whose
    // objects cannot be seen) is not failed as missing.
    expect(await objectCount(second, platform, orphanTwo)).toBe(2);
    expect((await sessionRow(platform, inTwo)).state).toBe("running");
    expect((await sessionRow(platform, inOne)).state).toBe("running");

    // Back: cluster two's orphan goes, through cluster two's own API server.
    proxy.unblock();
    const back = await cron(platform);
    expect(back.body.status).toBe("succeeded");
    expect(
      (back.body.outcomes as { type: string; status: string }[]).filter((o) => o.status === "applied"),
    ).toHaveLength(1);
    expect(await objectCount(second, platform, orphanTwo)).toBe(0);
    expect(await objectCount(second, platform, inTwo)).toBe(2);
    expect((await sessionRow(platform, inTwo)).state).toBe("running");

    // The gauges say it per cluster: the last pass found (and deleted) one orphan, in cluster two.
    const metrics = await (
      await fetch(`${platform.app.url}/api/metrics`, {
        headers: { authorization: `Bearer ${testMetricsToken}` },
      })
    ).text();
    expect(metrics).toMatch(/kubernetes_requests_total\{type="api",cluster="two"\} [1-9]/);
    expect(metrics).toMatch(/cluster_drift_sessions\{cluster="two",class="orphaned-resources"\} 1\n/);
    expect(metrics).toMatch(/cluster_drift_sessions\{cluster="one",class="orphaned-resources"\} 0\n/);
  }, 180_000);

  it("takes nothing of one cluster configured twice for an orphan of the other", async () => {
    const platform = await harness.platformWith({
      CLUSTERS: JSON.stringify([
        { id: "one", kubeconfig: testEnvironment().kubeconfig },
        { id: "alias", kubeconfig: testEnvironment().kubeconfig },
      ]),
      CLUSTER_OBSERVER: "list",
      ORPHAN_GRACE_SECONDS: "0",
    });
    harness.launchAgent(platform, "agent-one", testEnvironment().kubeconfig, "one");
    await connected(platform, "agent-one");
    const live = await sessionIn(platform, "one");

    const pass = await cron(platform);
    // "alias" sees the live session's objects, whose session lives in "one": left alone, said.
    expect(pass.body.plan).toEqual([]);
    expect(pass.body.attention).toContainEqual(
      expect.objectContaining({
        sessionId: live,
        driftClass: "foreign-objects",
        sentence: expect.stringMatching(/lives in cluster one, were seen in cluster alias: left alone/),
      }),
    );
    expect(await objectCount(first, platform, live)).toBe(2);
    expect((await sessionRow(platform, live)).state).toBe("running");
  }, 120_000);

  it("refuses an agent of a cluster not configured, and a session on an agent of another cluster", async () => {
    const platform = await harness.platformWith({
      CLUSTERS: JSON.stringify([{ id: "one", kubeconfig: testEnvironment().kubeconfig }]),
    });
    const refused = await platform.api("POST", "/api/v1/agents/register", {
      token: bootstrapToken,
      body: { agentId: "agent-typo", cluster: "onw" },
    });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toMatch(/cluster onw is not one this installation watches \(one\)/);
    expect(await platform.tableCounts()).toMatchObject({ agents: 0 });

    harness.launchAgent(platform, "agent-one", testEnvironment().kubeconfig, "one");
    await connected(platform, "agent-one");
    const wrong = await platform.api("POST", "/api/v1/sessions", {
      token: platformToken,
      body: { userId: "u-1", template: "registry.example/ws:1", agentId: "agent-one", cluster: "two" },
    });
    expect(wrong.status).toBe(400);
    expect(JSON.stringify(wrong.body)).toMatch(/cluster two is not one this installation watches/);
    expect(await platform.tableCounts()).toMatchObject({ sessions: 0 });
  }, 120_000);
});
