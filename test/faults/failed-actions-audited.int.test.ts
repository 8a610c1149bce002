import { randomBytes } from "node:crypto";
import { oneClusterViews } from "@/lib/k8s/model/snapshot";
import { AppsV1Api, CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/config/env";
import { auditEvents } from "@/lib/db/schema";
import { deleteObject } from "@/lib/k8s/delete-object";
import { listClusterSnapshot } from "@/lib/k8s/observe";
import { createSessionObjects } from "@/lib/k8s/session-objects";
import { executeManualOperation } from "@/lib/reconcile/manual";
import { runReconcilePass, type RunDeps } from "@/lib/reconcile/run";
import { reconcileStoreOver } from "@/lib/reconcile/server";
import { forbiddenDeletes } from "@/test/support/forbidden-delete";
import { testKubeConfig, waitFor } from "@/test/support/kube";
import type { Platform } from "@/test/support/platform";
import { cron, orphanSpec, reconcileHarness, sleep } from "@/test/support/reconcile-harness";
import { callServerAction, readBuiltActions } from "@/test/support/server-actions";
import { signInAs } from "@/test/support/users";

// A delete refused for real (RBAC 403: the account acting may read, never delete) is a failed
// action; the audit log says so, with the error and who acted — a pass and an admin's click alike.
// The pass and the click run in this process against the same PostgreSQL and API server as the
// real app beside it, deleting through the forbidden account.
const kubeConfig = testKubeConfig();
const apps = kubeConfig.makeApiClient(AppsV1Api);
const harness = reconcileHarness();
const { kubeconfigWithoutDelete } = forbiddenDeletes();
// The namespace of the app's own forbidden account (its sessions' namespace is the platform's).
const appAccountNamespace = `sr-fa-${randomBytes(3).toString("hex")}`;
afterAll(() =>
  kubeConfig
    .makeApiClient(CoreV1Api)
    .deleteNamespace({ name: appAccountNamespace })
    .catch(() => undefined),
);
const settings = { ORPHAN_GRACE_SECONDS: "0" };

/** A pass's (and a click's) dependencies on `platform`, deleting through `forbidden`. */
function depsDeletingAs(platform: Platform, forbidden: KubeConfig): RunDeps {
  const env = parseEnv({
    DATABASE_URL: platform.databaseUrl,
    INSTALLATION_NAME: platform.installation,
    SESSIONS_NAMESPACE: platform.namespace,
    ...settings,
  });
  return {
    store: reconcileStoreOver(platform.handle.db),
    env,
    getClusterViews: oneClusterViews(() =>
      listClusterSnapshot(kubeConfig, platform.installation, () => new Date(), [platform.namespace]),
    ),
    deleteObject: (ref) => deleteObject(forbidden, ref),
    clock: () => new Date(),
  };
}

const failuresOf = (platform: Platform, sessionId: string) =>
  platform.handle.db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.sessionId, sessionId))
    .then((events) => events.filter((e) => e.action === "reconcile.action_failed"));

async function platformWithOrphan() {
  const platform = await harness.platformWith(settings);
  const forbidden = new KubeConfig();
  forbidden.loadFromFile(await kubeconfigWithoutDelete(platform.namespace));
  const orphan = `s-${randomBytes(6).toString("hex")}`;
  await createSessionObjects(kubeConfig, await orphanSpec(platform, orphan));
  await sleep(1_500); // past the orphan grace
  return { platform, orphan, deps: depsDeletingAs(platform, forbidden) };
}

const stillThere = async (platform: Platform, name: string) =>
  (await apps.readNamespacedDeployment({ name, namespace: platform.namespace })).metadata!.uid;

describe("a delete the cluster forbids", () => {
  it("in a pass leaves one failure event with the error, the pass's actor and its run", async () => {
    const { platform, orphan, deps } = await platformWithOrphan();
    const report = await runReconcilePass({ trigger: "cli", actorId: "fault-test", dryRun: false }, deps);
    expect(report.plan).toMatchObject([{ type: "delete-objects", sessionId: orphan }]);
    expect(report.outcomes).toMatchObject([{ status: "failed", error: expect.stringMatching(/forbidden/i) }]);
    const failures = await failuresOf(platform, orphan);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({
      actorType: "reconciler",
      actorId: "fault-test",
      details: {
        action: "delete-objects",
        driftClass: "orphaned-resources",
        runId: report.runId,
        error: expect.stringMatching(/forbidden/i),
      },
    });
    expect(await stillThere(platform, orphan)).toBeTruthy();
  });

  it("in an admin's Delete resources leaves one failure event with the admin as actor", async () => {
    const { platform, orphan, deps } = await platformWithOrphan();
    const admin = { type: "user" as const, id: "admin@example.com" };
    const [result] = await executeManualOperation("delete-resources", [orphan], admin, deps);
    expect(result!.outcome).toMatchObject({ status: "failed", error: expect.stringMatching(/forbidden/i) });
    const failures = await failuresOf(platform, orphan);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({
      actorType: "user",
      actorId: "admin@example.com",
      details: {
        action: "delete-objects",
        driftClass: "orphaned-resources",
        why: "admin deleted the resources",
        error: expect.stringMatching(/forbidden/i),
      },
    });
    expect(failures[0]!.details).not.toHaveProperty("runId");
    expect(await stillThere(platform, orphan)).toBeTruthy();
  });

  it("through the app itself: its cron pass and an admin's click, each with its actor", async () => {
    const kubeconfig = await kubeconfigWithoutDelete(appAccountNamespace, "app-without-delete");
    const platform = await harness.platformWith(settings, { kubeconfig });
    const orphan = `s-${randomBytes(6).toString("hex")}`;
    await createSessionObjects(kubeConfig, await orphanSpec(platform, orphan));
    await sleep(1_500); // past the orphan grace
    const pass = await waitFor("the app to see the orphan and fail to delete it", async () => {
      const { body } = await cron(platform);
      return (body.outcomes as { status: string }[] | undefined)?.length ? body : undefined;
    });
    expect(pass.outcomes).toMatchObject([{ sessionId: orphan, status: "failed" }]);

    const cookie = await signInAs(platform.handle.db, platform.app.url, "admin", "admin-fa@example.com");
    const action = readBuiltActions().get("sessions/delete-resources")!;
    const { text } = await callServerAction(platform.app.url, action, { sessionIds: [orphan] }, { cookie });
    expect(text).toMatch(/"status":"failed"/);

    const failures = await failuresOf(platform, orphan);
    expect(failures.map((e) => [e.actorType, e.actorId, e.details.runId])).toEqual([
      ["cron", expect.any(String), pass.runId],
      ["user", "admin-fa@example.com", undefined],
    ]);
    for (const event of failures) expect(event.details.error).toMatch(/HTTP 403: .*forbidden/);
    expect(await stillThere(platform, orphan)).toBeTruthy();
  });
});
