import { AppsV1Api, KubeConfig } from "@kubernetes/client-node";
import { expect, test, type Page } from "@playwright/test";
import { signInBrowser } from "./support/sign-in";
import { createSessionObjects } from "@/lib/k8s/session-objects";
import { startAppPlatform, type AppPlatform } from "@/test/support/app-platform";
import { testCronSecret } from "@/test/support/auth";
import { orphanSpec } from "@/test/support/orphans";
import { kubeconfigPath, testDatabaseUrl } from "./support/environment";

// The blast-radius limit as an admin meets it: a pass held at the limit shows on every page, and
// "Reconcile now" applies past it only the plan that was previewed — never one that moved since.
test.describe("a run held at the blast-radius limit", () => {
  let platform: AppPlatform;
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(kubeconfigPath);
  const apps = kubeConfig.makeApiClient(AppsV1Api);

  const createOrphan = async (id: string) =>
    createSessionObjects(kubeConfig, {
      ...(await orphanSpec(platform, id)),
      image: "registry.example/old:1",
    });
  const deploymentsLeft = async () =>
    (await apps.listNamespacedDeployment({ namespace: platform.namespace })).items.filter(
      (d) => !d.metadata?.deletionTimestamp,
    ).length;
  const openPlan = async (page: Page) => {
    await page.goto(`${platform.app.url}/sessions`);
    await page.getByRole("button", { name: "Reconcile now" }).click();
    const dialog = page.getByRole("dialog");
    await expect(dialog.getByTestId("reconcile-reason")).toContainText("blast-radius limit");
    return dialog;
  };

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    platform = await startAppPlatform(
      { databaseUrl: testDatabaseUrl(), kubeconfig: kubeconfigPath },
      { ORPHAN_GRACE_SECONDS: "0", RECONCILE_MAX_DELETIONS: "1" },
    );
    await createOrphan("s-e2elimit0001");
    await createOrphan("s-e2elimit0002");
  });

  test.afterAll(async () => {
    await platform?.stop();
  });

  test("shows on every page, and applies past it only the previewed plan", async ({ page }) => {
    await signInBrowser(page.context(), platform.app.url);
    await page.goto(`${platform.app.url}/agents`);
    await expect(page.getByRole("heading", { name: "Agents" })).toBeVisible();
    await expect(page.getByTestId("automation-blocked")).toHaveCount(0);

    const cron = await fetch(`${platform.app.url}/api/cron/reconcile`, {
      headers: { authorization: `Bearer ${testCronSecret}` },
    });
    const run = (await cron.json()) as { runId: number; status: string };
    expect(run.status).toBe("blocked");
    for (const path of ["/agents", "/runs", "/audit"]) {
      await page.goto(`${platform.app.url}${path}`);
      const banner = page.getByTestId("automation-blocked");
      await expect(banner).toContainText("Automation blocked");
      await expect(banner).toContainText("it would delete 4 objects (limit 1)");
      await expect(banner.getByRole("link", { name: `run ${run.runId}` })).toHaveAttribute(
        "href",
        `/runs/${run.runId}`,
      );
    }

    // The sessions page's header says it too, with the run; /status says reconciliation is held.
    await page.goto(`${platform.app.url}/sessions`);
    const summary = page.getByTestId("automation-summary");
    await expect(summary.getByTestId("automation-hold")).toContainText("blocked at the blast-radius limit");
    await expect(summary.getByRole("link", { name: `run ${run.runId}` })).toHaveAttribute(
      "href",
      `/runs/${run.runId}`,
    );
    await page.goto(`${platform.app.url}/status`);
    await expect(page.getByTestId("reconcile-status")).toHaveAttribute("data-ok", "false");
    await expect(page.getByTestId("reconcile-status")).toContainText("it would delete 4 objects (limit 1)");

    // The admin previews, and meanwhile the world moves: the previewed plan is not applied.
    let dialog = await openPlan(page);
    await createOrphan("s-e2elimit0003");
    await dialog.getByLabel(/Apply this plan even past the blast-radius limit/).check();
    await dialog.getByRole("button", { name: "Apply 2 actions" }).click();
    await expect(dialog.getByTestId("reconcile-reason")).toContainText("the state moved since the preview");
    expect(await deploymentsLeft()).toBe(3);
    await dialog.getByRole("button", { name: "Close" }).click();

    // Previewed again, the plan read is the plan applied; the banner goes with the block.
    dialog = await openPlan(page);
    await dialog.getByLabel(/Apply this plan even past the blast-radius limit/).check();
    await dialog.getByRole("button", { name: "Apply 3 actions" }).click();
    await expect(dialog.getByRole("heading", { name: /Reconcile run \d+: succeeded/ })).toBeVisible();
    await expect.poll(deploymentsLeft, { timeout: 15_000 }).toBe(0);
    await dialog.getByRole("button", { name: "Close" }).click();
    await expect(page.getByTestId("automation-blocked")).toHaveCount(0, { timeout: 15_000 });
  });
});
