import { randomBytes } from "node:crypto";
import { oneClusterViews } from "@/lib/k8s/model/snapshot";
import { AppsV1Api, CoreV1Api } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/config/env";
import { deleteObject } from "@/lib/k8s/delete-object";
import { QUARANTINE_ANNOTATIONS as Q } from "@/lib/k8s/model/labels";
import { listClusterSnapshot } from "@/lib/k8s/observe";
import { patchObjectMarks } from "@/lib/k8s/patch-object";
import { createSessionObjects, statusOf } from "@/lib/k8s/session-objects";
import { executeManualOperation } from "@/lib/reconcile/manual";
import { runReconcilePass, type RunDeps } from "@/lib/reconcile/run";
import { reconcileStoreOver } from "@/lib/reconcile/server";
import { testKubeConfig, waitFor } from "@/test/support/kube";
import type { Platform } from "@/test/support/platform";
import { auditOf, metric, orphanSpec, reconcileHarness, sleep } from "@/test/support/reconcile-harness";

// Quarantine mode against the real API server (KWOK nodes: a Deployment's pods really go Running
// and really go away at 0 replicas) and the real PostgreSQL, with passes run in this process.
const kubeConfig = testKubeConfig();
const core = kubeConfig.makeApiClient(CoreV1Api);
const apps = kubeConfig.makeApiClient(AppsV1Api);
const harness = reconcileHarness();
const settings = { ORPHAN_GRACE_SECONDS: "0", RECONCILE_MODES: "orphaned-resources=quarantine" };

/** A pass's (and a click's) dependencies over the platform, quarantining for `quarantineSeconds`. */
function depsOf(platform: Platform, quarantineSeconds: number): RunDeps {
  const env = parseEnv({
    DATABASE_URL: platform.databaseUrl,
    INSTALLATION_NAME: platform.installation,
    SESSIONS_NAMESPACE: platform.namespace,
    ...settings,
    QUARANTINE_SECONDS: String(quarantineSeconds),
  });
  return {
    store: reconcileStoreOver(platform.handle.db),
    env,
    getClusterViews: oneClusterViews(() =>
      listClusterSnapshot(kubeConfig, platform.installation, () => new Date(), [platform.namespace]),
    ),
    deleteObject: (ref) => deleteObject(kubeConfig, ref),
    patchObject: (ref, patch) => patchObjectMarks(kubeConfig, ref, patch),
    clock: () => new Date(),
  };
}

const pass = (deps: RunDeps) =>
  runReconcilePass({ trigger: "cli", actorId: "quarantine-test", dryRun: false }, deps);

const podsOf = async (platform: Platform, id: string) =>
  (
    await core.listNamespacedPod({ namespace: platform.namespace, labelSelector: `session=${id}` })
  ).items.filter((p) => !p.metadata?.deletionTimestamp);

/** An orphan of ours (objects, no row) with its pod Running, past the (zero) orphan grace. */
async function runningOrphan(platform: Platform) {
  const id = `s-q${randomBytes(5).toString("hex")}`;
  await createSessionObjects(kubeConfig, await orphanSpec(platform, id));
  await waitFor(
    `${id}'s pod`,
    async () => ((await podsOf(platform, id)).length > 0 ? true : undefined),
    30_000,
  );
  await sleep(1_100);
  return id;
}

const deploymentOf = (platform: Platform, name: string) =>
  apps.readNamespacedDeployment({ name, namespace: platform.namespace });

describe("quarantine mode", () => {
  it("scales an orphan to 0 and marks it, keeps it, and deletes it once QUARANTINE_SECONDS have passed", async () => {
    const platform = await harness.platformWith(settings);
    const id = await runningOrphan(platform);
    const deps = depsOf(platform, 3);

    const first = await pass(deps);
    expect(first.plan).toMatchObject([{ type: "quarantine-objects", sessionId: id }]);
    expect(first.outcomes).toMatchObject([
      { status: "applied", detail: expect.stringMatching(/^quarantined /) },
    ]);
    const quarantined = await deploymentOf(platform, id);
    expect(quarantined.spec?.replicas).toBe(0);
    expect(quarantined.metadata?.annotations).toMatchObject({
      [Q.replicasBefore]: "1",
      [Q.by]: "reconciler:quarantine-test",
      [Q.reason]: expect.stringContaining("quarantine them"),
      [Q.until]: expect.any(String),
    });
    const service = await core.readNamespacedService({ name: id, namespace: platform.namespace });
    expect(service.metadata?.annotations?.[Q.until]).toBe(quarantined.metadata?.annotations?.[Q.until]);
    await waitFor(`${id}'s pods gone at 0 replicas`, async () =>
      (await podsOf(platform, id)).length === 0 ? true : undefined,
    );
    expect(await auditOf(platform, "object.quarantined")).toMatchObject([{ sessionId: id }]);

    // Level-based and idempotent: in quarantine, nothing to do; not deleted, not quarantined again.
    const again = await pass(deps);
    expect(again.plan).toEqual([]);
    expect((await deploymentOf(platform, id)).metadata?.deletionTimestamp).toBeUndefined();
    // The gauge, from the run stored (what that pass observed), at the app's /api/metrics.
    expect(await metric(platform, 'objects_quarantined{kind="Deployment"}')).toBe(1);
    expect(await metric(platform, 'objects_quarantined{kind="Service"}')).toBe(1);

    await sleep(3_100);
    const due = await pass(deps);
    expect(due.plan).toMatchObject([{ type: "delete-objects", sessionId: id, afterQuarantine: true }]);
    expect(due.outcomes).toMatchObject([{ status: "applied" }]);
    await waitFor(`${id} deleted`, async () => {
      try {
        await deploymentOf(platform, id);
        return undefined;
      } catch (error) {
        return statusOf(error) === 404 ? true : undefined;
      }
    });
    expect(await auditOf(platform, "object.deleted_after_quarantine")).toMatchObject([{ sessionId: id }]);
  }, 90_000);

  it("restores: replicas back, marks gone, and the next pass does not quarantine it again", async () => {
    const platform = await harness.platformWith(settings);
    const id = await runningOrphan(platform);
    const deps = depsOf(platform, 60);
    expect((await pass(deps)).plan).toMatchObject([{ type: "quarantine-objects", sessionId: id }]);
    expect((await deploymentOf(platform, id)).spec?.replicas).toBe(0);

    const [result] = await executeManualOperation(
      "restore-objects",
      [id],
      { type: "user", id: "operator-1" },
      deps,
    );
    expect(result).toMatchObject({
      outcome: { status: "applied", detail: expect.stringMatching(/^restored /) },
    });
    const restored = await deploymentOf(platform, id);
    expect(restored.spec?.replicas).toBe(1);
    const annotations = restored.metadata?.annotations ?? {};
    for (const key of [Q.at, Q.by, Q.reason, Q.until, Q.replicasBefore])
      expect(annotations[key]).toBeUndefined();
    expect(annotations[Q.restoredBy]).toBe("user:operator-1");
    await waitFor(
      `${id}'s pod back`,
      async () => ((await podsOf(platform, id)).length > 0 ? true : undefined),
      30_000,
    );
    expect(await auditOf(platform, "object.restored")).toMatchObject([
      { sessionId: id, actorId: "operator-1" },
    ]);

    // Still an orphan, but the restore holds the reconciler off it (and says so).
    const next = await pass(deps);
    expect(next.plan).toEqual([]);
    expect(next.attention).toMatchObject([
      { sessionId: id, sentence: expect.stringContaining("restored from quarantine: left alone until") },
    ]);
    expect((await deploymentOf(platform, id)).spec?.replicas).toBe(1);

    // A second click has nothing to restore: refused, nothing changed.
    const [refused] = await executeManualOperation(
      "restore-objects",
      [id],
      { type: "user", id: "operator-1" },
      deps,
    );
    expect(refused).toMatchObject({ refusal: "nothing of it is in quarantine" });
  }, 90_000);
});
