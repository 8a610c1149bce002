import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { startAppPlatform, type AppPlatform } from "@/test/support/app-platform";
import { kubeconfigPath, testDatabaseUrl } from "./support/environment";
import { seedRuns, withDatabase } from "./support/seed";
import { signInBrowser } from "./support/sign-in";

// Issue 15 item 7 in Chromium: the drift chart's points (labelled, with tooltips, one Tab stop
// driven by the arrows), a single run drawn without a meaningless line, and a run's own picture.

const start = Date.parse("2026-12-03T02:00:00Z");
const at = (minutes: number) => new Date(start + minutes * 60_000);

test.describe.serial("the pictures", () => {
  let platform: AppPlatform;
  let firstId = 0;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    platform = await startAppPlatform({ databaseUrl: testDatabaseUrl(), kubeconfig: kubeconfigPath });
  });

  test.afterAll(async () => {
    await platform?.stop();
  });

  test("one run: its dots, no line, and a caption that says why", async ({ page }) => {
    const [id] = await withDatabase(platform.databaseUrl, (client) =>
      seedRuns(client, [
        {
          startedAt: at(0),
          status: "partial",
          driftCounts: { "stuck-terminating": 2, "leaked-resources": 1 },
          plan: [
            { type: "force-terminate", sessionId: "s-1", reason: "stuck" },
            { type: "force-terminate", sessionId: "s-2", reason: "stuck" },
            { type: "delete-resources", sessionId: "s-3", reason: "leaked" },
          ],
          outcomes: [
            { type: "force-terminate", sessionId: "s-1", status: "applied", detail: "ok", deleted: [] },
            { type: "force-terminate", sessionId: "s-2", status: "failed", detail: "boom", deleted: [] },
          ],
        },
      ]),
    );
    firstId = id!;
    await signInBrowser(page.context(), platform.app.url);
    await page.goto(`${platform.app.url}/runs`);
    const chart = page.getByTestId("drift-chart");
    await expect(chart.getByTestId("drift-point")).toHaveCount(1);
    await expect(chart.getByTestId("drift-line")).toHaveCount(0);
    await expect(chart).toContainText("One run so far: a trend needs two.");
    await expect(chart.getByTestId("drift-point")).toHaveAttribute(
      "aria-label",
      `Run #${firstId}, 2026-12-03 02:00:00 UTC: stuck terminating 2, leaked resources 1, orphaned resources 0`,
    );
  });

  test("a run's page draws its actions by outcome", async ({ page }) => {
    await signInBrowser(page.context(), platform.app.url);
    await page.goto(`${platform.app.url}/runs/${firstId}`);
    const bars = page.getByTestId("run-outcome-bar");
    await expect(bars).toHaveCount(2);
    await expect(bars.nth(0)).toHaveAttribute("aria-label", "force-terminate: 1 applied, 1 failed");
    await expect(bars.nth(1)).toHaveAttribute("aria-label", "delete-resources: 1 not executed");
    await expect(bars.nth(0).locator("rect title")).toHaveText([
      "force-terminate: 1 applied",
      "force-terminate: 1 failed",
    ]);
  });

  test("many runs: a line, a point per run with tooltips, driven by the keyboard", async ({ page }) => {
    const ids = await withDatabase(platform.databaseUrl, (client) =>
      seedRuns(
        client,
        Array.from({ length: 9 }, (_, i) => ({
          startedAt: at(i + 1),
          driftCounts: { "stuck-terminating": i % 3, "leaked-resources": 0 },
        })),
      ),
    );
    await signInBrowser(page.context(), platform.app.url);
    await page.goto(`${platform.app.url}/runs`);
    const chart = page.getByTestId("drift-chart");
    const points = chart.getByTestId("drift-point");
    await expect(points).toHaveCount(10);
    await expect(chart.getByTestId("drift-line")).toHaveCount(3);
    await expect(points.last().locator("circle title").first()).toHaveText(
      `Run #${ids.at(-1)}, 2026-12-03 02:09:00 UTC: stuck terminating 2`,
    );

    // One Tab stop: the newest point; the others are reached with the arrows.
    await expect(chart.locator('[data-testid="drift-point"][tabindex="0"]')).toHaveCount(1);
    await points.last().focus();
    await expect(page.getByTestId("drift-tooltip")).toContainText(`Run #${ids.at(-1)}`);
    await page.keyboard.press("ArrowLeft");
    await expect(points.nth(8)).toBeFocused();
    await expect(page.getByTestId("drift-tooltip")).toContainText(
      `Run #${ids.at(-2)}, 2026-12-03 02:08:00 UTC`,
    );
    await page.keyboard.press("Home");
    await expect(points.first()).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(new RegExp(`/runs/${firstId}$`));

    // No serious or critical accessibility violation in the chart or the run's bars.
    for (const path of ["/runs", `/runs/${firstId}`]) {
      await page.goto(`${platform.app.url}${path}`);
      await expect(page.locator("main")).toBeVisible();
      // The page's own content; the frame around it (nav) is checked where it is built.
      const { violations } = await new AxeBuilder({ page }).include("main").analyze();
      const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      expect(
        serious.map((v) => `${path}: ${v.id} ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
      ).toEqual([]);
    }

    // Hover shows the same tooltip.
    await page.goto(`${platform.app.url}/runs`);
    await chart.getByTestId("drift-point").nth(4).hover();
    await expect(page.getByTestId("drift-tooltip")).toContainText(`Run #${ids[3]}`);
  });
});
