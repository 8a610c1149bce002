import { KubeConfig } from "@kubernetes/client-node";
import { expect, test, type Page } from "@playwright/test";
import { createSessionObjects } from "@/lib/k8s/session-objects";
import { startAppPlatform, type AppPlatform } from "@/test/support/app-platform";
import { testCronSecret } from "@/test/support/auth";
import { orphanSpec } from "@/test/support/orphans";
import { kubeconfigPath, testDatabaseUrl } from "./support/environment";
import { seedId, seedSessions, type SeedSession } from "./support/seed-sessions";
import { sessionsPageHydrated } from "./support/hydrated";
import { signInBrowser } from "./support/sign-in";

// Issue 15 items 6 and 7 on the sessions page, in Chromium against the real app: the State header
// sorts by state, quiet ended sessions are hidden behind a control, the page size is a choice,
// cells wrap rather than cut off, and the header says what the automation is doing.
test.describe("the sessions table", () => {
  let platform: AppPlatform;
  const byState: SeedSession[] = [
    { id: seedId("e2etbp", 1), state: "pending" },
    { id: seedId("e2etbr", 1), state: "running", ageSeconds: 30 },
    { id: seedId("e2etbh", 1), state: "hibernated" },
    { id: seedId("e2etbt", 1), state: "terminating" },
  ];
  const ended: SeedSession[] = [
    { id: seedId("e2etbe", 1), state: "terminated" },
    { id: seedId("e2etbe", 2), state: "failed" },
  ];
  const many: SeedSession[] = Array.from({ length: 26 }, (_, i) => ({
    id: seedId("e2etbm", i + 1),
    state: "running" as const,
    ageSeconds: 300,
  }));
  const healthy = seedId("e2etbo", 1);

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    platform = await startAppPlatform(
      { databaseUrl: testDatabaseUrl(), kubeconfig: kubeconfigPath },
      // Every class that could act on these rows is left to people: the cron pass below changes nothing.
      {
        RECONCILE_MODES:
          "orphaned-resources=manual,agent-lost=manual,missing-resources=manual,pending-too-long=manual,stuck-terminating=manual",
      },
    );
    await seedSessions(platform.databaseUrl, {
      agentId: "agent-table",
      namespace: platform.namespace,
      sessions: [...byState, ...ended, ...many, { id: healthy, state: "running" }],
    });
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(kubeconfigPath);
    await createSessionObjects(kubeConfig, await orphanSpec(platform, healthy, "agent-table"));
  });

  test.afterAll(async () => {
    await platform?.stop();
  });

  const rowIds = (page: Page) =>
    page
      .getByTestId("session-row")
      .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-session-id") ?? ""));

  test("the State header sorts by state, on the server, in the lifecycle's order", async ({ page }) => {
    await signInBrowser(page.context(), platform.app.url);
    await page.goto(`${platform.app.url}/sessions?q=e2etb&pageSize=100`);
    await sessionsPageHydrated(page);
    await expect(page.getByTestId("session-row")).toHaveCount(byState.length + many.length + 1);
    const header = page.getByRole("columnheader", { name: /State/ });
    await header.getByRole("button").click();
    await expect(page).toHaveURL(/sort=state/);
    await expect(header).toHaveAttribute("aria-sort", "descending");
    await header.getByRole("button").click();
    await expect(header).toHaveAttribute("aria-sort", "ascending");
    await expect(page).toHaveURL(/dir=asc/);
    await expect
      .poll(async () => (await rowIds(page)).filter((id) => byState.some((s) => s.id === id)))
      .toEqual(byState.map((s) => s.id)); // pending, running, hibernated, terminating
    const ids = await rowIds(page);
    // Within running, the longest in the state first (the 26 of 5 min before the one of 30 s).
    expect(ids.indexOf(many[0]!.id)).toBeLessThan(ids.indexOf(byState[1]!.id));
  });

  test("ended sessions without drift are hidden by default, counted, and shown on request across a reload", async ({
    page,
  }) => {
    await signInBrowser(page.context(), platform.app.url);
    await page.goto(`${platform.app.url}/sessions?q=e2etbe`);
    await sessionsPageHydrated(page);
    await expect(page.getByTestId("session-row")).toHaveCount(0);
    await expect(page.getByTestId("hidden-ended")).toHaveText("(2 hidden)");
    await expect(page.getByTestId("row-count")).toContainText("2 ended hidden");

    await page.getByRole("checkbox", { name: /Show ended sessions/ }).check();
    await expect(page).toHaveURL(/ended=show/);
    await expect.poll(() => rowIds(page).then((ids) => ids.sort())).toEqual(ended.map((s) => s.id).sort());
    await expect(page.getByTestId("hidden-ended")).toHaveCount(0);
    await page.reload();
    await expect(page.getByRole("checkbox", { name: /Show ended sessions/ })).toBeChecked();
    await expect(page.getByTestId("session-row")).toHaveCount(2);

    // Asking for an ended state shows them too.
    await page.goto(`${platform.app.url}/sessions?q=e2etbe&state=failed`);
    await sessionsPageHydrated(page);
    await expect(page.getByTestId("session-row")).toHaveCount(1);
  });

  test("the page size is a choice of 25, 50 or 100, kept in the URL; another falls back to 50", async ({
    page,
  }) => {
    await signInBrowser(page.context(), platform.app.url);
    await page.goto(`${platform.app.url}/sessions?q=e2etbm`);
    await sessionsPageHydrated(page);
    await expect(page.getByTestId("session-row")).toHaveCount(26);
    const size = page.getByRole("combobox", { name: "Rows per page" });
    await expect(size).toHaveValue("50");
    expect(await size.locator("option").allTextContents()).toEqual(["25", "50", "100"]);
    await size.selectOption("25");
    await expect(page).toHaveURL(/pageSize=25/);
    await expect(page.getByTestId("session-row")).toHaveCount(25);
    await expect(page.getByText("page 1 of 2")).toBeVisible();
    await page.reload();
    await expect(page.getByTestId("session-row")).toHaveCount(25);

    await page.goto(`${platform.app.url}/sessions?q=e2etbm&pageSize=30`);
    await sessionsPageHydrated(page);
    await expect(size).toHaveValue("50");
    await expect(page.getByTestId("session-row")).toHaveCount(26);
  });

  test("cells wrap instead of being cut off, even in a narrow window", async ({ page }) => {
    await page.setViewportSize({ width: 1024, height: 900 });
    await signInBrowser(page.context(), platform.app.url);
    await page.goto(`${platform.app.url}/sessions?q=${healthy}`);
    const row = page.locator(`[data-testid=session-row][data-session-id="${healthy}"]`);
    await expect(row).toContainText(/ready endpoint/);
    const clipped = await row
      .locator("td *")
      .evaluateAll((elements) =>
        elements
          .filter((e) => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflow !== "visible")
          .map((e) => e.textContent),
      );
    expect(clipped).toEqual([]);
  });

  test("Reconcile now offers no blast-radius override when nothing is blocked", async ({ page }) => {
    await signInBrowser(page.context(), platform.app.url);
    await page.goto(`${platform.app.url}/sessions`);
    await sessionsPageHydrated(page);
    await page.getByRole("button", { name: "Reconcile now" }).click();
    const dialog = page.getByRole("dialog");
    await expect(dialog.getByTestId("reconcile-plan")).toBeVisible();
    await expect(dialog.getByTestId("reconcile-reason")).toHaveCount(0);
    await expect(dialog.getByLabel(/past the blast-radius limit/)).toHaveCount(0);
  });

  test("the header says the last run, the next (off here) and what holds the automation", async ({
    page,
  }) => {
    await signInBrowser(page.context(), platform.app.url);
    await page.goto(`${platform.app.url}/sessions`);
    const summary = page.getByTestId("automation-summary");
    await expect(summary.getByTestId("automation-last-run")).toContainText("none yet");
    await expect(summary.getByTestId("automation-next-run")).toContainText("off");
    await expect(summary.getByTestId("automation-hold")).toContainText("orphaned-resources manual");

    const cron = await fetch(`${platform.app.url}/api/cron/reconcile`, {
      headers: { authorization: `Bearer ${testCronSecret}` },
    });
    const run = (await cron.json()) as { runId: number; status: string };
    await page.reload();
    const lastRun = summary.getByTestId("automation-last-run");
    await expect(lastRun.getByRole("link", { name: `run ${run.runId}` })).toHaveAttribute(
      "href",
      `/runs/${run.runId}`,
    );
    await expect(lastRun).toContainText(run.status);
    await expect(lastRun).toContainText("(cron)");

    // Every class that would act is manual here, so the pass succeeded: /status says when.
    expect(run.status).toBe("succeeded");
    await page.goto(`${platform.app.url}/status`);
    const reconcile = page.getByTestId("reconcile-status");
    await expect(reconcile).toContainText("last succeeded");
    await expect(reconcile.getByRole("link", { name: `run ${run.runId}` })).toBeVisible();
    await expect(reconcile).toContainText("orphaned-resources: manual");
  });
});
