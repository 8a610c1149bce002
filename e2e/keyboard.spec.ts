import { KubeConfig } from "@kubernetes/client-node";
import { expect, test, type Page } from "@playwright/test";
import { createSessionObjects } from "@/lib/k8s/session-objects";
import { startAppPlatform, type AppPlatform } from "@/test/support/app-platform";
import { orphanSpec } from "@/test/support/orphans";
import { kubeconfigPath, testDatabaseUrl } from "./support/environment";
import { seedId, seedSessions } from "./support/seed-sessions";
import { sessionsPageHydrated } from "./support/hydrated";
import { signInBrowser } from "./support/sign-in";

// Issue 15 item 5 in Chromium: the sessions dashboard driven by the keyboard, and copy buttons.
test.describe("the sessions dashboard by keyboard", () => {
  let platform: AppPlatform;
  const ids = [1, 2, 3].map((n) => seedId("e2ekey", n));
  const withObjects = ids[0]!;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    platform = await startAppPlatform({ databaseUrl: testDatabaseUrl(), kubeconfig: kubeconfigPath });
    await seedSessions(platform.databaseUrl, {
      agentId: "agent-key",
      namespace: platform.namespace,
      sessions: ids.map((id) => ({ id, state: "running" })),
    });
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(kubeconfigPath);
    await createSessionObjects(kubeConfig, await orphanSpec(platform, withObjects, "agent-key"));
  });

  test.afterAll(async () => {
    await platform?.stop();
  });

  const focusedRow = (page: Page) => page.locator("[data-testid=session-row][data-focused=true]");
  const rowIds = (page: Page) =>
    page
      .getByTestId("session-row")
      .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-session-id") ?? ""));

  test("/ searches, j and k move a visible row focus, x selects, Enter opens", async ({ page }) => {
    await signInBrowser(page.context(), platform.app.url);
    await page.goto(`${platform.app.url}/sessions?sort=id&dir=asc`);
    await expect(page.getByTestId("session-row")).toHaveCount(3);
    await sessionsPageHydrated(page);
    const order = await rowIds(page);

    await page.keyboard.press("/");
    const search = page.getByRole("searchbox", { name: "Search" });
    await expect(search).toBeFocused();
    // Typing is typing: j, k, x and ? go into the box and move nothing.
    await page.keyboard.type("jkx?");
    await expect(search).toHaveValue("jkx?");
    await expect(focusedRow(page)).toHaveCount(0);
    await expect(page.getByRole("dialog")).toHaveCount(0);
    await search.fill("");
    await page.locator("h1").click(); // out of the box

    await page.keyboard.press("j");
    await expect(focusedRow(page)).toHaveAttribute("data-session-id", order[0]!);
    await expect(focusedRow(page)).toHaveCSS("outline-style", "solid");
    await page.keyboard.press("j");
    await page.keyboard.press("j");
    await page.keyboard.press("j"); // stays on the last
    await expect(focusedRow(page)).toHaveAttribute("data-session-id", order[2]!);
    await expect(focusedRow(page)).toBeInViewport();
    await page.keyboard.press("k");
    await expect(focusedRow(page)).toHaveAttribute("data-session-id", order[1]!);

    // With a modifier a key is the browser's, not ours.
    await page.keyboard.press("Alt+j");
    await expect(focusedRow(page)).toHaveAttribute("data-session-id", order[1]!);

    await page.keyboard.press("x");
    await expect(page.getByRole("checkbox", { name: `Select ${order[1]}` })).toBeChecked();
    await page.keyboard.press("x");
    await expect(page.getByRole("checkbox", { name: `Select ${order[1]}` })).not.toBeChecked();

    // The focus survives the 3 s refresh.
    await page.waitForTimeout(3_500);
    await expect(focusedRow(page)).toHaveAttribute("data-session-id", order[1]!);

    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(new RegExp(`/sessions/${order[1]}$`));
    await expect(page.getByRole("heading", { name: order[1] })).toBeVisible();
  });

  test("? lists the shortcuts in a dialog, and no shortcut fires while it is open", async ({ page }) => {
    await signInBrowser(page.context(), platform.app.url);
    await page.goto(`${platform.app.url}/sessions`);
    await expect(page.getByTestId("session-row")).toHaveCount(3);
    await sessionsPageHydrated(page);
    await page.keyboard.press("?");
    const dialog = page.getByRole("dialog", { name: "Keyboard shortcuts" });
    await expect(dialog).toBeVisible();
    for (const says of ["Focus the search box", "Move to the next row", "Select or unselect the row"]) {
      await expect(dialog).toContainText(says);
    }
    await page.keyboard.press("j");
    await page.keyboard.press("/");
    await expect(focusedRow(page)).toHaveCount(0);
    await expect(page.getByRole("searchbox", { name: "Search" })).not.toBeFocused();
    await page.keyboard.press("Escape");
    await expect(dialog).toHaveCount(0);
    await page.keyboard.press("j");
    await expect(focusedRow(page)).toHaveCount(1);
  });

  test("copy buttons put session ids and object names on the clipboard and say so", async ({
    page,
    context,
  }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await signInBrowser(context, platform.app.url);
    const clipboard = () => page.evaluate(() => navigator.clipboard.readText());

    await page.goto(`${platform.app.url}/sessions`);
    const inRow = page.getByRole("button", { name: `Copy session id ${withObjects}` });
    await inRow.click();
    await expect(inRow).toHaveText("Copied");
    expect(await clipboard()).toBe(withObjects);

    await page.goto(`${platform.app.url}/sessions/${withObjects}`);
    const header = page.getByRole("button", { name: "Copy session id", exact: true });
    await header.click();
    await expect(header).toHaveText("Copied");
    expect(await clipboard()).toBe(withObjects);

    const live = page.getByTestId("live-objects");
    const deployment = live.getByRole("button", { name: /^Copy Deployment name / });
    await expect(deployment).toBeVisible();
    const name = (await deployment.getAttribute("aria-label"))!.replace("Copy Deployment name ", "");
    await deployment.click();
    await expect(deployment).toHaveText("Copied");
    expect(await clipboard()).toBe(name);
    await expect(live.getByRole("button", { name: /^Copy Service name / })).toBeVisible();
  });
});
