import { AppsV1Api, CoreV1Api } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { testKubeConfig, waitFor } from "@/test/support/kube";
import {
  connected,
  cron,
  reconcileHarness,
  runningSession,
  sessionRow,
} from "@/test/support/reconcile-harness";

// Two databases against one cluster: a second app with the same installation name on an empty
// database (a staging copy pointed at production, a restored backup, a PGlite volume lost with its
// pod). To it, every live object of the first looks like an orphan.
const kubeConfig = testKubeConfig();
const core = kubeConfig.makeApiClient(CoreV1Api);
const apps = kubeConfig.makeApiClient(AppsV1Api);
const harness = reconcileHarness();

describe("an empty or foreign database", () => {
  it("never takes another installation's live objects for orphans, and says whose they are", async () => {
    const first = await harness.platformWith({});
    harness.launchAgent(first, "agent-db1");
    await connected(first, "agent-db1");
    const id = await runningSession(first, "agent-db1");

    const second = await harness.platformWith({
      INSTALLATION_NAME: first.installation,
      SESSIONS_NAMESPACE: first.namespace,
      ORPHAN_GRACE_SECONDS: "0",
    });
    await waitFor("the second app to see the first's objects", async () => {
      const { body } = await cron(second, "?dryRun=1");
      const counts = body.driftCounts as Record<string, number>;
      return (counts["foreign-objects"] ?? 0) + counts["orphaned-resources"]! > 0 ? true : undefined;
    });

    const { body } = await cron(second);
    expect(body.outcomes).toEqual([]);
    const deployment = await apps.readNamespacedDeployment({ namespace: first.namespace, name: id });
    expect(deployment.metadata!.deletionTimestamp).toBeUndefined();
    await core.readNamespacedService({ namespace: first.namespace, name: id });
    expect((await sessionRow(first, id)).state).toBe("running");
    expect(body.attention as { sessionId: string; driftClass: string; sentence: string }[]).toEqual([
      {
        sessionId: id,
        driftClass: "foreign-objects",
        sentence: expect.stringMatching(/carry installation id [0-9a-f-]{36}, not this installation's/),
        since: expect.any(String),
      },
    ]);
    // The first installation still sees them as its own, healthy.
    expect((await cron(first)).body.outcomes).toEqual([]);
  });
});
