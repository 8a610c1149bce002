import { randomBytes } from "node:crypto";
import { AppsV1Api, CoreV1Api } from "@kubernetes/client-node";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { setAutomationPaused, updateRuntimeSettings } from "@/lib/db/queries/runtime-settings";
import { auditEvents, reconcileRuns } from "@/lib/db/schema";
import { createSessionObjects } from "@/lib/k8s/session-objects";
import { settingsPatchSchema } from "@/lib/settings/runtime";
import { testKubeConfig, waitFor } from "@/test/support/kube";
import { orphanSpec } from "@/test/support/orphans";
import type { Platform } from "@/test/support/platform";
import { cron, metric, reconcileHarness } from "@/test/support/reconcile-harness";

// Runtime settings against the real app, database and cluster: a setting changed in the database
// between two passes of the SAME app process changes the second plan (no restart); a pause makes
// the cron answer `paused` and delete nothing, and a resume lets the next pass act.
const kubeConfig = testKubeConfig();
const { platformWith } = reconcileHarness();
const apps = kubeConfig.makeApiClient(AppsV1Api);
const core = kubeConfig.makeApiClient(CoreV1Api);
const objectCount = async (platform: Platform, id: string) => {
  const labelSelector = `session=${id}`;
  const [d, s] = await Promise.all([
    apps.listNamespacedDeployment({ namespace: platform.namespace, labelSelector }),
    core.listNamespacedService({ namespace: platform.namespace, labelSelector }),
  ]);
  return d.items.length + s.items.length;
};
const admin = { type: "user" as const, id: "admin@example.com" };

describe("runtime settings", () => {
  it("a threshold changed between two passes of one process changes the plan, without a restart", async () => {
    // The orphan grace from the environment is an hour: the orphan waits.
    const platform = await platformWith({ ORPHAN_GRACE_SECONDS: "3600" });
    const orphan = `s-${randomBytes(6).toString("hex")}`;
    await createSessionObjects(kubeConfig, await orphanSpec(platform, orphan));
    // Within its grace the orphan is no finding yet: give the watch time to see it, then no plan.
    await waitFor("the objects", async () => ((await objectCount(platform, orphan)) >= 2 ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect((await cron(platform, "?dryRun=1")).body.plan).toEqual([]);

    await updateRuntimeSettings(platform.handle.db, {
      patch: settingsPatchSchema.parse({ values: { ORPHAN_GRACE_SECONDS: 0 } }),
      actor: admin,
      now: new Date(),
    });
    // The same process, no restart: its next pass reads the stored grace (0 s) and plans the delete.
    const dry = await cron(platform, "?dryRun=1");
    expect(dry.body.plan).toMatchObject([{ type: "delete-objects", sessionId: orphan }]);
    const [audit] = await platform.handle.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "settings.updated"));
    expect(audit?.details).toMatchObject({
      before: { ORPHAN_GRACE_SECONDS: null },
      after: { ORPHAN_GRACE_SECONDS: 0 },
    });
  });

  it("while paused the cron answers paused and deletes nothing; resumed, the orphan is deleted", async () => {
    const platform = await platformWith({ ORPHAN_GRACE_SECONDS: "0" });
    const orphan = `s-${randomBytes(6).toString("hex")}`;
    await setAutomationPaused(platform.handle.db, {
      paused: true,
      reason: "database failover",
      actor: admin,
      now: new Date(),
    });
    await createSessionObjects(kubeConfig, await orphanSpec(platform, orphan));
    await waitFor("the app to see the orphan", async () =>
      ((await cron(platform, "?dryRun=1")).body.plan as unknown[]).length === 1 ? true : undefined,
    );

    const paused = await cron(platform);
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ status: "paused", plan: [], outcomes: [] });
    expect(paused.body.reason).toMatch(/automation paused by admin@example.com at .*: database failover/);
    expect(await metric(platform, "automation_paused")).toBe(1);
    // It waits: a second paused pass, and the objects are still there.
    expect((await cron(platform)).body.status).toBe("paused");
    expect(await objectCount(platform, orphan)).toBeGreaterThanOrEqual(2);
    const runs = await platform.handle.db
      .select()
      .from(reconcileRuns)
      .where(eq(reconcileRuns.status, "paused"));
    expect(runs).toHaveLength(2);

    await setAutomationPaused(platform.handle.db, {
      paused: false,
      reason: "failover done",
      actor: admin,
      now: new Date(),
    });
    const resumed = await cron(platform);
    expect(resumed.body.status).toBe("succeeded");
    expect(resumed.body.outcomes).toMatchObject([{ status: "applied" }]);
    expect(await metric(platform, "automation_paused")).toBe(0);
    await waitFor(
      "the orphan to go",
      async () => ((await objectCount(platform, orphan)) === 0 ? true : undefined),
      30_000,
    );
    const actions = (await platform.handle.db.select().from(auditEvents)).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["settings.paused", "settings.resumed"]));
  });
});
