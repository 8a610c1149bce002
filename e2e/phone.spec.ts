import { KubeConfig } from "@kubernetes/client-node";
import { expect, test, type Page } from "@playwright/test";
import { createSessionObjects } from "@/lib/k8s/session-objects";
import { startAppPlatform, type AppPlatform } from "@/test/support/app-platform";
import { orphanSpec } from "@/test/support/orphans";
import { kubeconfigPath, testDatabaseUrl } from "./support/environment";
import { seedId, seedSessions } from "./support/seed-sessions";
import { sessionsPageHydrated } from "./support/hydrated";
import { signInBrowser } from "./support/sign-in";

// Issue 15 item 8 in Chromium at a phone's width (390 px): the top bar collapses behind a menu
// button, Sign out stays reachable, the sessions table is a list of cards, nothing is wider than
// the screen; and /status says whether reconciliation runs by itself and how the agents are.
test.describe("on a phone", () => {
  let platform: AppPlatform;
  const ids = [1, 2].map((n) => seedId("e2ephone", n));

  test.use({ viewport: { width: 390, height: 844 } });

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    platform = await startAppPlatform({ databaseUrl: testDatabaseUrl(), kubeconfig: kubeconfigPath });
    await seedSessions(platform.databaseUrl, {
      agentId: "agent-phone",
      namespace: platform.namespace,
      sessions: ids.map((id) => ({ id, state: "running" })),
    });
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(kubeconfigPath);
    await createSessionObjects(kubeConfig, await orphanSpec(platform, ids[0]!, "agent-phone"));
  });

  test.afterAll(async () => {
    await platform?.stop();
  });

  const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

  test("the nav collapses behind a menu button, and Sign out is within reach", async ({ page }) => {
    await signInBrowser(page.context(), platform.app.url);
    await page.goto(`${platform.app.url}/sessions`);
    await sessionsPageHydrated(page);
    const nav = page.getByRole("navigation", { name: "Main" });
    const menu = nav.getByRole("button", { name: "Menu" });
    await expect(menu).toHaveAttribute("aria-expanded", "false");
    await expect(nav.getByRole("link", { name: "Agents" })).toBeHidden();
    await expect(nav.getByRole("button", { name: "Sign out" })).toBeHidden();
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);

    await menu.click();
    await expect(menu).toHaveAttribute("aria-expanded", "true");
    const signOut = nav.getByRole("button", { name: "Sign out" });
    await expect(signOut).toBeInViewport();
    await nav.getByRole("link", { name: "Agents" }).click();
    await expect(page).toHaveURL(/\/agents$/);
    await expect(menu).toHaveAttribute("aria-expanded", "false"); // following a link closes it

    await menu.click();
    await signOut.click();
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test("the sessions table is a list of cards, no header over another, nothing off-screen", async ({
    page,
  }) => {
    await signInBrowser(page.context(), platform.app.url);
    await page.goto(`${platform.app.url}/sessions`);
    const rows = page.getByTestId("session-row");
    await expect(rows).toHaveCount(2);
    await expect(page.locator("thead")).toBeHidden();
    await expect(rows.first()).toHaveCSS("display", "block");
    const card = page.locator(`[data-testid=session-row][data-session-id="${ids[0]}"]`);
    for (const label of ["Agent", "State", "Deployment", "Service", "Pods"]) {
      await expect(card.getByText(label, { exact: true })).toBeVisible();
    }
    await expect(card).toContainText(/ready endpoint/);
    // Each card's lines stack: none overlaps the next.
    const boxes = await card
      .locator("td")
      .evaluateAll((cells) =>
        cells
          .map((c) => c.getBoundingClientRect())
          .map((r) => ({ top: r.top, bottom: r.bottom, right: r.right })),
      );
    for (let i = 1; i < boxes.length; i++)
      expect(boxes[i]!.top).toBeGreaterThanOrEqual(boxes[i - 1]!.bottom - 1);
    for (const box of boxes) expect(box.right).toBeLessThanOrEqual(390);
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: "test-results/screenshots/sessions-phone.png", fullPage: true });
  });

  test("/status says whether reconciliation runs by itself, when it last succeeded, and the agents' health", async ({
    page,
  }) => {
    await signInBrowser(page.context(), platform.app.url);
    await page.goto(`${platform.app.url}/status`);
    const reconcile = page.getByTestId("reconcile-status");
    // The test platform runs no loop (RECONCILE_INTERVAL_SECONDS=0) but accepts cron calls.
    await expect(reconcile).toContainText("in-process loop: off");
    await expect(reconcile).toContainText("cron endpoint: enabled");
    await expect(reconcile).toContainText("never succeeded yet");
    const agents = page.getByTestId("agents-status");
    await expect(agents).toContainText("0 connected");
    await expect(agents).toContainText("1 silent");
    await expect(agents).toHaveAttribute("data-ok", "false");
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
  });
});
