import { randomBytes } from "node:crypto";
import { AppsV1Api, CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testKubeConfig, waitFor } from "@/test/support/kube";
import { ClusterObserver, listClusterSnapshot } from "./observe";
import { createSessionObjects } from "./session-objects";
import { deriveSessionLabels } from "./model/labels";
import { indexBySession, observedKinds } from "./model/snapshot";

// The observation layer against the real API server: one list per kind with the managed-by
// selector, a watch that follows changes, and unknown (not empty) kinds when the server is gone.
describe("observing the cluster", () => {
  const kubeConfig = testKubeConfig();
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const suffix = randomBytes(3).toString("hex");
  const installation = `sr-observe-${suffix}`;
  const namespace = `sr-observe-${suffix}`;
  const ids = [`s-obs${suffix}aaa`, `s-obs${suffix}bbb`];
  const observer = new ClusterObserver(kubeConfig, installation);

  beforeAll(async () => {
    for (const id of ids) {
      await createSessionObjects(kubeConfig, {
        sessionId: id,
        namespace,
        image: "registry.invalid/x:1",
        sessionLabelKey: "session",
        labels: deriveSessionLabels({
          sessionLabelKey: "session",
          installation,
          sessionId: id,
          agentId: "agent-o",
        }),
      });
    }
    // An object without our label in the same namespace must never be observed.
    await kubeConfig.makeApiClient(AppsV1Api).createNamespacedDeployment({
      namespace,
      body: {
        metadata: { name: "not-ours", labels: { session: "s-notours00000" } },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: "not-ours" } },
          template: {
            metadata: { labels: { app: "not-ours" } },
            spec: { containers: [{ name: "c", image: "x" }] },
          },
        },
      },
    });
    await observer.start();
  });
  afterAll(async () => {
    await observer.stop();
    await core.deleteNamespace({ name: namespace }).catch(() => undefined);
  });

  it("lists each kind once with the managed-by selector", async () => {
    const snapshot = await waitFor("both pods in a listed snapshot", async () => {
      const s = await listClusterSnapshot(kubeConfig, installation, () => new Date());
      return s.pods.filter((p) => p.status?.phase === "Running").length === 2 ? s : undefined;
    });
    for (const kind of observedKinds)
      expect(snapshot.kinds[kind]).toMatchObject({ state: "synced", mode: "list" });
    const index = indexBySession(snapshot, "session");
    expect([...index.keys()].sort()).toEqual(ids);
    expect(index.get(ids[0]!)).toMatchObject({
      deployments: [expect.anything()],
      services: [expect.anything()],
    });
    expect(snapshot.deployments.map((d) => d.metadata?.name)).not.toContain("not-ours");
  });

  it("follows changes through its watch, without a request per read", async () => {
    await waitFor("the watch cache to hold both Running pods", async () => {
      const s = observer.snapshot();
      return s.pods.filter((p) => p.status?.phase === "Running").length === 2 ? true : undefined;
    });
    expect(observer.snapshot().kinds.pods).toMatchObject({ state: "synced", mode: "watch" });
    // Nothing changed between two reads: the very same lists, so the same index (built once).
    const before = observer.snapshot();
    const again = observer.snapshot();
    for (const kind of observedKinds) expect(again[kind]).toBe(before[kind]);
    expect(indexBySession(again, "session")).toBe(indexBySession(before, "session"));
    await kubeConfig
      .makeApiClient(AppsV1Api)
      .deleteNamespacedDeployment({ name: ids[0]!, namespace, propagationPolicy: "Background" });
    await waitFor(
      "the deleted session's pod to leave the cache",
      async () => {
        const s = observer.snapshot();
        const left = indexBySession(s, "session").get(ids[0]!);
        return !left || (left.deployments.length === 0 && left.pods.length === 0) ? true : undefined;
      },
      5_000,
    );
    const after = observer.snapshot();
    expect(after.deployments).not.toBe(before.deployments);
    expect(indexBySession(after, "session").get(ids[0]!)?.deployments ?? []).toEqual([]);
  });

  it("observes only the configured namespaces when told to (a Role per namespace suffices)", async () => {
    const inside = await listClusterSnapshot(kubeConfig, installation, () => new Date(), [namespace]);
    expect(inside.deployments.map((d) => d.metadata?.namespace)).toEqual(expect.arrayContaining([namespace]));
    expect(inside.kinds.pods).toMatchObject({ state: "synced" });
    const elsewhere = await listClusterSnapshot(kubeConfig, installation, () => new Date(), ["default"]);
    expect(elsewhere.deployments).toEqual([]);
    const scoped = new ClusterObserver(kubeConfig, installation, () => new Date(), [namespace, "default"]);
    await scoped.start();
    try {
      const snapshot = scoped.snapshot();
      expect(snapshot.kinds.deployments).toMatchObject({ state: "synced", mode: "watch" });
      expect(snapshot.deployments.length).toBe(inside.deployments.length);
    } finally {
      await scoped.stop();
    }
  });

  it("reports every kind as unknown, not empty, when the API server cannot be reached", async () => {
    const dead = new KubeConfig();
    dead.loadFromOptions({
      clusters: [{ name: "dead", server: "https://127.0.0.1:1", skipTLSVerify: true }],
      users: [{ name: "u", token: "t" }],
      contexts: [{ name: "dead", cluster: "dead", user: "u" }],
      currentContext: "dead",
    });
    const snapshot = await listClusterSnapshot(dead, installation, () => new Date());
    for (const kind of observedKinds) {
      expect(snapshot.kinds[kind]).toMatchObject({
        state: "error",
        error: expect.stringMatching(/ECONNREFUSED|connect/i),
      });
    }
    const deadObserver = new ClusterObserver(dead, installation);
    await deadObserver.start();
    expect(deadObserver.snapshot().kinds.pods.state).toBe("error");
    await deadObserver.stop();
  });
});
