import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { startAppPlatform, type AppPlatform } from "@/test/support/app-platform";
import { kubeconfigPath, testDatabaseUrl } from "./support/environment";
import { seedId, seedSessions, type SeedSession } from "./support/seed-sessions";
import { sessionsPageHydrated } from "./support/hydrated";
import { signInBrowser } from "./support/sign-in";

// Issue 12 item 8 in Chromium against the real app: the sessions page's Export CSV downloads every
// row of the filter (more than a page), and "every session matching this filter" runs once the
// count is typed.
test.describe("export and bulk over a filter", () => {
  let platform: AppPlatform;
  const stuck: SeedSession[] = Array.from({ length: 60 }, (_, i) => ({
    id: seedId("e2exp", i + 1),
    state: "terminating" as const,
    ageSeconds: 3_600,
  }));

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    platform = await startAppPlatform(
      { databaseUrl: testDatabaseUrl(), kubeconfig: kubeconfigPath },
      { RECONCILE_MODES: "stuck-terminating=manual,agent-lost=manual,pending-too-long=manual" },
    );
    await seedSessions(platform.databaseUrl, {
      agentId: "agent-e2exp",
      namespace: platform.namespace,
      sessions: stuck,
    });
  });
  test.afterAll(async () => {
    await platform?.stop();
  });

  test("downloads every row of the filter as CSV, then retries the stop of all of them", async ({ page }) => {
    await signInBrowser(page.context(), platform.app.url);
    await page.goto(`${platform.app.url}/sessions?agent=agent-e2exp&pageSize=25`);
    await sessionsPageHydrated(page);
    await expect(page.getByTestId("filter-count")).toContainText("(60)");

    const downloading = page.waitForEvent("download");
    await page.getByTestId("export-csv").first().click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^sessions-\d{8}T\d{6}Z\.csv$/);
    const lines = readFileSync((await download.path())!, "utf8")
      .trimEnd()
      .split("\r\n");
    expect(lines).toHaveLength(61);
    expect(
      lines
        .slice(1)
        .map((l) => l.split(",")[1])
        .sort(),
    ).toEqual(stuck.map((s) => s.id).sort());

    await page.getByRole("button", { name: "Retry stop all" }).click();
    const dialog = page.getByRole("dialog");
    const confirm = dialog.getByRole("button", { name: "Retry stop 60" });
    await expect(confirm).toBeDisabled();
    await dialog.getByTestId("typed-count").fill("59");
    await expect(confirm).toBeDisabled();
    await dialog.getByTestId("typed-count").fill("60");
    await confirm.click();
    await expect(dialog.locator('[data-testid="operation-item"][data-result="applied"]')).toHaveCount(60, {
      timeout: 60_000,
    });
    await dialog.getByRole("button", { name: "Close" }).click();
    await expect(page.getByText(/Retry stop: 60 applied/)).toBeVisible();
  });
});
