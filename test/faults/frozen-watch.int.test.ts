import { describe, expect, it } from "vitest";
import { testEnvironment, waitFor } from "@/test/support/kube";
import { platformToken } from "@/test/support/platform";
import { connected, cron, reconcileHarness, sessionRow, sleep } from "@/test/support/reconcile-harness";
import { proxiedKubeconfig } from "@/test/support/tcp-proxy";

// The app's watch connections freeze without closing (a paused API server, a stuck proxy): the
// cache stops changing and looks just like a quiet cluster. Meanwhile an agent (which still
// reaches the API server) starts a session, whose objects the frozen cache never shows.
const proxies: { close(): Promise<void> }[] = [];
const harness = reconcileHarness({
  afterCleanUp: async () => {
    for (const proxy of proxies) await proxy.close();
  },
});

const kindStates = (body: Record<string, unknown>) =>
  Object.fromEntries((body.kinds as { kind: string; state: string }[]).map((k) => [k.kind, k.state]));

describe("a frozen watch", () => {
  it("is unknown past its liveness bound, so nothing is decided from it, and converges when it thaws", async () => {
    const { proxy, kubeconfig } = await proxiedKubeconfig(testEnvironment().kubeconfig, "frozen-watch");
    proxies.push(proxy);
    const platform = await harness.platformWith(
      { WATCH_STALE_SECONDS: "6", MISSING_RESOURCES_GRACE_SECONDS: "1" },
      { kubeconfig },
    );
    harness.launchAgent(platform, "agent-fw"); // straight to the API server
    await connected(platform, "agent-fw");
    await waitFor("every kind synced", async () =>
      Object.values(kindStates((await cron(platform, "?dryRun=1")).body)).every((s) => s === "synced")
        ? true
        : undefined,
    );

    proxy.freeze();
    const { body } = await platform.api("POST", "/api/v1/sessions", {
      token: platformToken,
      body: { userId: "u-1", template: "registry.example/ws:1", agentId: "agent-fw" },
    });
    const id = (body.session as { id: string }).id;
    await waitFor(`${id} running`, async () =>
      (await sessionRow(platform, id)).state === "running" ? true : undefined,
    );
    await sleep(9_000); // past the liveness bound (6 s) and the missing-resources grace (1 s)

    const frozen = await cron(platform);
    expect(frozen.body.outcomes).toEqual([]);
    expect((await sessionRow(platform, id)).state).toBe("running");
    expect(kindStates(frozen.body)).toMatchObject({ deployments: "error", pods: "error" });
    for (const kind of frozen.body.kinds as { error?: string }[])
      expect(kind.error).toMatch(/the watch has shown no sign of life since .* \(frozen connection\?\)/);

    proxy.thaw();
    await waitFor(
      "every kind synced again",
      async () =>
        Object.values(kindStates((await cron(platform, "?dryRun=1")).body)).every((s) => s === "synced")
          ? true
          : undefined,
      60_000,
    );
    expect((await cron(platform)).body.outcomes).toEqual([]);
    expect((await sessionRow(platform, id)).state).toBe("running");
  });
});
