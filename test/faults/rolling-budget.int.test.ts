import { randomBytes } from "node:crypto";
import { CoreV1Api } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { createSessionObjects } from "@/lib/k8s/session-objects";
import { testKubeConfig, waitFor } from "@/test/support/kube";
import type { Platform } from "@/test/support/platform";
import { cron, metric, orphanSpec, reconcileHarness } from "@/test/support/reconcile-harness";

// A loss spread over passes: each pass stays under its own limit, while together they delete
// more than anyone agreed to. The budget is counted over the hour, across passes.
const kubeConfig = testKubeConfig();
const core = kubeConfig.makeApiClient(CoreV1Api);
const harness = reconcileHarness();

async function orphanSeen(platform: Platform) {
  const id = `s-${randomBytes(6).toString("hex")}`;
  await createSessionObjects(kubeConfig, await orphanSpec(platform, id));
  await waitFor("the orphan to be planned", async () =>
    ((await cron(platform, "?dryRun=1")).body.plan as { sessionId: string }[]).some((a) => a.sessionId === id)
      ? true
      : undefined,
  );
  return id;
}

describe("the rolling budget of destructive actions", () => {
  it("holds the pass that would exceed the hour's budget, though each pass is small", async () => {
    const platform = await harness.platformWith({
      ORPHAN_GRACE_SECONDS: "0",
      RECONCILE_MAX_DESTRUCTIVE_PER_HOUR: "3",
    });
    const first = await orphanSeen(platform);
    const one = await cron(platform);
    expect(one.body.outcomes).toMatchObject([{ sessionId: first, status: "applied" }]);

    const second = await orphanSeen(platform);
    const two = await cron(platform);
    expect(two.body.status).toBe("blocked");
    expect(two.body.outcomes).toEqual([]);
    expect(two.body.reason).toMatch(
      /bring the last hour's deletions and endings to 4 \(2 done, 2 planned; limit 3 an hour\)/,
    );
    expect(await metric(platform, "reconcile_blocked")).toBe(1);
    await core.readNamespacedService({ namespace: platform.namespace, name: second });
  });
});
