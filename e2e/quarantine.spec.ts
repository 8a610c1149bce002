import { AppsV1Api, KubeConfig } from "@kubernetes/client-node";
import { expect, test } from "@playwright/test";
import { QUARANTINE_ANNOTATIONS as Q } from "@/lib/k8s/model/labels";
import { createSessionObjects } from "@/lib/k8s/session-objects";
import { startAppPlatform, type AppPlatform } from "@/test/support/app-platform";
import { testCronSecret } from "@/test/support/auth";
import { orphanSpec } from "@/test/support/orphans";
import { kubeconfigPath, testDatabaseUrl } from "./support/environment";
import { seedId } from "./support/seed-sessions";
import { signInBrowser } from "./support/sign-in";

// Issue 12 item 1 in Chromium against the real app and cluster: an orphan the reconciler put in
// quarantine is listed on /quarantine with its time left, and Restore brings its Deployment back.
test.describe("quarantine", () => {
  let platform: AppPlatform;
  const orphan = seedId("e2eqr", 1);
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(kubeconfigPath);
  const apps = kubeConfig.makeApiClient(AppsV1Api);

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    platform = await startAppPlatform(
      { databaseUrl: testDatabaseUrl(), kubeconfig: kubeconfigPath },
      {
        RECONCILE_MODES: "orphaned-resources=quarantine",
        ORPHAN_GRACE_SECONDS: "0",
        QUARANTINE_SECONDS: "600",
      },
    );
    await createSessionObjects(kubeConfig, await orphanSpec(platform, orphan, "agent-gone"));
    // The watch cache must have seen the objects before the pass plans on them.
    await expect
      .poll(
        async () => {
          await fetch(`${platform.app.url}/api/cron/reconcile`, {
            headers: { authorization: `Bearer ${testCronSecret}` },
          });
          const deployment = await apps.readNamespacedDeployment({
            name: orphan,
            namespace: platform.namespace,
          });
          return deployment.spec?.replicas;
        },
        { timeout: 30_000, intervals: [1_000] },
      )
      .toBe(0);
  });

  test.afterAll(async () => {
    await platform?.stop();
  });

  test("lists the quarantined orphan with its time left, and Restore scales it back", async ({ page }) => {
    await signInBrowser(page.context(), platform.app.url);
    await page.goto(`${platform.app.url}/quarantine`);
    await expect(page.getByRole("heading", { name: "Quarantine" })).toBeVisible();
    const row = page.locator(`tr[data-session-id="${orphan}"]`);
    await expect(row).toContainText(`Deployment ${orphan} (had 1)`);
    await expect(row).toContainText("cron:cron"); // quarantined by the cron pass
    await expect(row.getByTestId("time-left")).toContainText(/min/);

    await row.getByRole("button", { name: "Restore" }).click();
    const dialog = page.getByRole("dialog");
    const item = dialog.getByTestId("operation-item");
    await expect(item).toContainText(`restore Deployment ${orphan} (to 1 replica), Service ${orphan}`);
    await dialog.getByRole("button", { name: "Restore 1" }).click();
    await expect(item).toHaveAttribute("data-result", "applied");
    await dialog.getByRole("button", { name: "Close" }).click();

    const deployment = await apps.readNamespacedDeployment({ name: orphan, namespace: platform.namespace });
    expect(deployment.spec?.replicas).toBe(1);
    expect(deployment.metadata?.annotations?.[Q.until]).toBeUndefined();
    expect(deployment.metadata?.annotations?.[Q.restoredAt]).toBeDefined();
    await expect(page.locator(`tr[data-session-id="${orphan}"]`)).toHaveCount(0, { timeout: 15_000 });
  });
});
