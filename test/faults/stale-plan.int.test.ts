import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { AppsV1Api, CoreV1Api, PatchStrategy, setHeaderOptions } from "@kubernetes/client-node";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/config/env";
import { sessions } from "@/lib/db/schema";
import { deleteObject } from "@/lib/k8s/delete-object";
import { listClusterSnapshot } from "@/lib/k8s/observe";
import { oneClusterViews, type ClusterSnapshot } from "@/lib/k8s/model/snapshot";
import { deriveSessionDeployment } from "@/lib/k8s/model/session-manifests";
import { createSessionObjects } from "@/lib/k8s/session-objects";
import { runReconcilePass, type RunDeps } from "@/lib/reconcile/run";
import { reconcileStoreOver } from "@/lib/reconcile/server";
import { testKubeConfig, waitFor } from "@/test/support/kube";
import type { Platform } from "@/test/support/platform";
import {
  auditOf,
  connected,
  cron,
  cronSecret,
  orphanSpec,
  reconcileHarness,
  runningSession,
  sessionRow,
  sleep,
} from "@/test/support/reconcile-harness";

// A plan is evidence of one moment. Between it and its effects the world moves on; each test makes
// that happen for real (an object replaced, an agent back, a pass paused past its lease) and runs a
// pass in this process against the same PostgreSQL and API server as the real app beside it.
const kubeConfig = testKubeConfig();
const core = kubeConfig.makeApiClient(CoreV1Api);
const apps = kubeConfig.makeApiClient(AppsV1Api);
const harness = reconcileHarness();

const settings = {
  AGENT_DISCONNECT_GRACE_SECONDS: "1",
  AGENT_GONE_FORCE_SECONDS: "1",
  ORPHAN_GRACE_SECONDS: "0",
  RECONCILE_LEASE_SECONDS: "3",
};

/** A pass in this process with the platform's configuration (and `getSnapshot` where a fault goes). */
function passDeps(platform: Platform, getSnapshot?: () => Promise<ClusterSnapshot>): RunDeps {
  const env = parseEnv({
    DATABASE_URL: platform.databaseUrl,
    INSTALLATION_NAME: platform.installation,
    SESSIONS_NAMESPACE: platform.namespace,
    AGENT_HEARTBEAT_TIMEOUT_SECONDS: "6",
    ...settings,
  });
  const list = () =>
    listClusterSnapshot(kubeConfig, platform.installation, () => new Date(), [platform.namespace]);
  return {
    store: reconcileStoreOver(platform.handle.db),
    env,
    getClusterViews: oneClusterViews(getSnapshot ?? list),
    deleteObject: (ref) => deleteObject(kubeConfig, ref),
    clock: () => new Date(),
  };
}

const listFor = (platform: Platform) => () =>
  listClusterSnapshot(kubeConfig, platform.installation, () => new Date(), [platform.namespace]);

describe("a plan older than the world", () => {
  it("never deletes a newer object that took the name of the one planned", async () => {
    const platform = await harness.platformWith(settings);
    const orphan = `s-${randomBytes(6).toString("hex")}`;
    const spec = await orphanSpec(platform, orphan);
    await createSessionObjects(kubeConfig, spec);
    await sleep(1_500); // past the orphan grace

    let replacement = "";
    const report = await runReconcilePass(
      { trigger: "cli", actorId: "fault-test", dryRun: false },
      passDeps(platform, async () => {
        const snapshot = await listFor(platform)();
        // The fault: right after the look, the Deployment is deleted and created again by name.
        await apps.deleteNamespacedDeployment({ name: orphan, namespace: platform.namespace });
        const created = await waitFor("the name to be free, then taken again", async () =>
          apps.createNamespacedDeployment({
            namespace: platform.namespace,
            body: deriveSessionDeployment(spec),
          }),
        );
        replacement = created.metadata!.uid!;
        return snapshot;
      }),
    );
    expect(report.plan).toMatchObject([{ type: "delete-objects", sessionId: orphan }]);
    const survivor = await apps.readNamespacedDeployment({ name: orphan, namespace: platform.namespace });
    expect(survivor.metadata!.uid).toBe(replacement);
    expect(survivor.metadata!.deletionTimestamp).toBeUndefined();
    expect(report.outcomes[0]!.detail).toMatch(
      /left alone \(not as the plan saw it: replaced or changed since\): Deployment/,
    );
  });

  it("never deletes an orphan whose marks changed after the plan read them", async () => {
    const platform = await harness.platformWith(settings);
    const orphan = `s-${randomBytes(6).toString("hex")}`;
    await createSessionObjects(kubeConfig, await orphanSpec(platform, orphan));
    await sleep(1_500); // past the orphan grace

    const report = await runReconcilePass(
      { trigger: "cli", actorId: "fault-test", dryRun: false },
      passDeps(platform, async () => {
        const snapshot = await listFor(platform)();
        // The fault: right after the look, someone adopts the objects (a new label); same uids.
        const patch = { metadata: { labels: { "example.com/adopted-by": "another-team" } } };
        await apps.patchNamespacedDeployment(
          { name: orphan, namespace: platform.namespace, body: patch },
          setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
        );
        await core.patchNamespacedService(
          { name: orphan, namespace: platform.namespace, body: patch },
          setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
        );
        return snapshot;
      }),
    );
    expect(report.plan).toMatchObject([{ type: "delete-objects", sessionId: orphan }]);
    for (const read of [
      () => apps.readNamespacedDeployment({ name: orphan, namespace: platform.namespace }),
      () => core.readNamespacedService({ name: orphan, namespace: platform.namespace }),
    ]) {
      const survivor = await read();
      expect(survivor.metadata!.deletionTimestamp).toBeUndefined();
      expect(survivor.metadata!.labels!["example.com/adopted-by"]).toBe("another-team");
    }
    expect(report.outcomes[0]).toMatchObject({ status: "skipped" });
    expect(report.outcomes[0]!.detail).toMatch(
      /left alone \(not as the plan saw it: replaced or changed since\)/,
    );
  });

  it("applies the plan that was previewed, or nothing once the state moved past it (even past the limit)", async () => {
    const platform = await harness.platformWith(settings);
    const [first, second] = [0, 1].map(() => `s-${randomBytes(6).toString("hex")}`) as [string, string];
    await createSessionObjects(kubeConfig, await orphanSpec(platform, first));
    await sleep(1_500); // past the orphan grace
    const run = (request: Partial<Parameters<typeof runReconcilePass>[0]>) =>
      runReconcilePass(
        { trigger: "ui", actorId: "admin@example.com", dryRun: false, ...request },
        passDeps(platform),
      );

    const preview = await run({ dryRun: true });
    expect(preview.plan).toMatchObject([{ type: "delete-objects", sessionId: first }]);
    // The fault: between the preview and the click, the world moves (one more orphan appears).
    await createSessionObjects(kubeConfig, await orphanSpec(platform, second));
    await sleep(1_500);

    for (const allowLargeRun of [false, true]) {
      const applied = await run({ previewedPlanHash: preview.planHash, allowLargeRun });
      expect(applied).toMatchObject({ status: "skipped", outcomes: [] });
      expect(applied.reason).toMatch(/the state moved since the preview: the plan is now 2 actions/);
      expect(applied.planHash).not.toBe(preview.planHash);
    }
    for (const name of [first, second]) {
      const alive = await apps.readNamespacedDeployment({ name, namespace: platform.namespace });
      expect(alive.metadata!.deletionTimestamp).toBeUndefined();
    }

    // Previewed again, the plan is what gets applied.
    const again = await run({ dryRun: true });
    const applied = await run({ previewedPlanHash: again.planHash });
    expect(applied.status).toBe("succeeded");
    expect(applied.outcomes.map((o) => o.status)).toEqual(["applied", "applied"]);
  });

  it("re-checks at execute time that the agent is still silent, and ends nothing when it is back", async () => {
    const platform = await harness.platformWith(settings);
    const agent = harness.launchAgent(platform, "agent-back");
    await connected(platform, "agent-back");
    const id = await runningSession(platform, "agent-back");
    process.kill(-agent.child.pid!, "SIGSTOP");
    await connected(platform, "agent-back", false);
    await sleep(2_000); // past the grace: agent-lost

    // The fault: the pass's write waits on a busy database (the session row locked elsewhere)
    // while the agent comes back.
    const report = await whileRowLocked(platform, id, async () => {
      process.kill(-agent.child.pid!, "SIGCONT");
      await connected(platform, "agent-back");
    });
    expect(report.plan).toMatchObject([{ type: "terminate-session", sessionId: id }]);
    expect(report.outcomes).toMatchObject([
      { status: "skipped", detail: expect.stringMatching(/agent agent-back is connected again/) },
    ]);
    expect((await sessionRow(platform, id)).state).toBe("running");
    expect(await auditOf(platform, "session.agent_lost_terminated")).toEqual([]);
  });

  it("stops acting once its lease lapsed while it was paused, whatever it had planned", async () => {
    const platform = await harness.platformWith(settings);
    const agent = harness.launchAgent(platform, "agent-paused");
    await connected(platform, "agent-paused");
    const id = await runningSession(platform, "agent-paused");
    process.kill(-agent.child.pid!, "SIGSTOP");
    await connected(platform, "agent-paused", false);
    await sleep(2_000);

    const report = await whileRowLocked(platform, id, () => {
      // The fault: this process stops (its event loop blocked: no timer, no lease renewal) past
      // the lease's 3 s while the agent comes back and another pass runs in the real app.
      process.kill(-agent.child.pid!, "SIGCONT");
      execFileSync("sleep", ["8"]);
      execFileSync("curl", [
        "-sf",
        "-H",
        `authorization: Bearer ${cronSecret}`,
        `${platform.app.url}/api/cron/reconcile`,
      ]);
      return Promise.resolve();
    });
    expect(report.plan).toMatchObject([{ type: "terminate-session", sessionId: id }]);
    expect(report.outcomes).toMatchObject([
      { status: "skipped", detail: expect.stringMatching(/lease .* was lost/) },
    ]);
    expect((await sessionRow(platform, id)).state).toBe("running");
    expect((await cron(platform)).body.outcomes).toEqual([]);
  });
});

/**
 * Runs a pass in this process while the session row `id` is locked by another transaction: the
 * pass observes and plans, then its write waits on the lock; `meanwhile` runs, then the lock goes.
 */
async function whileRowLocked(platform: Platform, id: string, meanwhile: () => Promise<void>) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let locked!: () => void;
  const isLocked = new Promise<void>((resolve) => (locked = resolve));
  const holding = platform.handle.db.transaction(async (tx) => {
    await tx.select().from(sessions).where(eq(sessions.id, id)).for("update");
    locked();
    await released;
  });
  await isLocked;
  const pass = runReconcilePass({ trigger: "cli", actorId: "fault-test", dryRun: false }, passDeps(platform));
  await waitFor("the pass to wait on the row", async () => {
    const result = (await platform.handle.db.execute(
      sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
    )) as unknown as { rows: { n: number }[] };
    return result.rows[0]!.n > 0 ? true : undefined;
  });
  await meanwhile();
  release();
  await holding;
  return pass;
}
