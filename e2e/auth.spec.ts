import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import {
  bootstrapToken,
  platformToken,
  startAppPlatform,
  type AppPlatform,
} from "@/test/support/app-platform";
import { testAdmin } from "@/test/support/auth";
import { repoRoot } from "@/test/support/processes";
import { kubeconfigPath, testDatabaseUrl } from "./support/environment";
import { signInBrowser } from "./support/sign-in";

// Sign-in, sign-out and roles in the browser, against the real app and database: the bootstrap
// admin signs in and out; an admin adds a viewer; the viewer sees the drift but no button to
// act on it, and a server action forged from their browser is refused.
test.describe("sign-in and roles", () => {
  let platform: AppPlatform;
  let terminatingId = "";
  const hostileName = `<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">`;
  const viewer = { email: "vera.viewer@example.com", password: "viewer-password-0123" };

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    platform = await startAppPlatform({ databaseUrl: testDatabaseUrl(), kubeconfig: kubeconfigPath });
    // An agent that registers but never runs: the stop stays queued, the session stays terminating.
    const registered = await platform.api("POST", "/api/v1/agents/register", {
      token: bootstrapToken,
      body: { agentId: "agent-idle", cluster: "e2e" },
    });
    await platform.api("POST", "/api/v1/agents/heartbeat", {
      token: registered.body.token as string,
      body: { inventory: [], waitSeconds: 0 },
    });
    const { status, body } = await platform.api("POST", "/api/v1/sessions", {
      token: platformToken,
      body: { userId: hostileName, template: "registry.example/workspace:1", agentId: "agent-idle" },
    });
    expect(status, JSON.stringify(body)).toBe(201);
    terminatingId = (body.session as { id: string }).id;
    await platform.api("POST", `/api/v1/sessions/${terminatingId}/stop`, { token: platformToken });
  });
  test.afterAll(async () => {
    await platform?.stop();
  });

  test("the bootstrap admin signs in, sees the dashboard, and signs out", async ({ page }) => {
    await page.goto(`${platform.app.url}/sessions`);
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fsessions$/);
    await page.getByLabel("Email").fill(testAdmin.email);
    await page.getByLabel("Password").fill("not-the-password-000");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Wrong" })).toHaveText("Wrong email or password.");

    await page.getByLabel("Password").fill(testAdmin.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/sessions$/);
    await expect(page.getByRole("heading", { name: "Sessions" })).toBeVisible();
    await expect(page.getByTestId("signed-in-as")).toContainText(`${testAdmin.email} (admin)`);
    await expect(page.getByRole("button", { name: "Reconcile now" })).toBeVisible();

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
    await page.goto(`${platform.app.url}/sessions`);
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test("an admin adds a viewer, who sees the drift but no action, and whose forged action is refused", async ({
    page,
    browser,
  }) => {
    const dialogs: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await signInBrowser(page.context(), platform.app.url);
    await page.goto(`${platform.app.url}/users`);
    const form = page.getByRole("form", { name: "Add a user" });
    await form.getByLabel("Email").fill(viewer.email);
    await form.getByLabel("Role").selectOption("viewer");
    await form.getByLabel(/^Password/).fill(viewer.password);
    await form.getByRole("button", { name: "Add user" }).click();
    await expect(page.getByRole("status")).toHaveText(`Added ${viewer.email} as viewer.`);
    await expect(page.locator(`[data-testid=user-row][data-email="${viewer.email}"]`)).toContainText(
      "password",
    );

    // What the admin sees on the row, the viewer must not: the buttons.
    await page.goto(`${platform.app.url}/sessions`);
    const adminRow = page.locator(`[data-testid=session-row][data-session-id="${terminatingId}"]`);
    await expect(adminRow.getByRole("button", { name: "Force terminate" })).toBeVisible();
    // The hostile user id is shown as text, and nothing in it ran.
    await expect(adminRow).toContainText(hostileName);
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();

    const context = await browser.newContext();
    const viewerPage = await context.newPage();
    await viewerPage.goto(`${platform.app.url}/sign-in`);
    await viewerPage.getByLabel("Email").fill(viewer.email);
    await viewerPage.getByLabel("Password").fill(viewer.password);
    await viewerPage.getByRole("button", { name: "Sign in" }).click();
    await expect(viewerPage).toHaveURL(/\/sessions$/);
    const row = viewerPage.locator(`[data-testid=session-row][data-session-id="${terminatingId}"]`);
    await expect(row).toBeVisible();
    await expect(row).toContainText(hostileName);
    // No action for a viewer: the row's one button copies its id (reading, not acting).
    await expect(row.getByRole("button", { name: /^Copy session id/ })).toHaveCount(1);
    await expect(row.getByRole("button", { name: /^(?!Copy session id)/ })).toHaveCount(0);
    await expect(row.getByRole("checkbox")).toHaveCount(0);
    await expect(viewerPage.getByRole("button", { name: "Reconcile now" })).toHaveCount(0);
    await expect(viewerPage.getByRole("link", { name: "Users" })).toHaveCount(0);
    await viewerPage.goto(`${platform.app.url}/users`);
    await expect(viewerPage.getByTestId("no-access")).toContainText("That page needs the admin role");

    // The viewer's own browser posts the operator's server action: refused, nothing changes.
    const manifest = JSON.parse(
      readFileSync(path.join(repoRoot, ".next", "server", "server-reference-manifest.json"), "utf8"),
    ) as { node: Record<string, { exportedName: string }> };
    const [actionId] = Object.entries(manifest.node).find(
      ([, a]) => a.exportedName === "forceTerminateAction",
    )!;
    await viewerPage.goto(`${platform.app.url}/sessions`);
    const answer = await viewerPage.evaluate(
      async ({ actionId, sessionId }) => {
        const response = await fetch("/sessions", {
          method: "POST",
          headers: {
            "next-action": actionId,
            "content-type": "text/plain;charset=UTF-8",
            accept: "text/x-component",
          },
          body: JSON.stringify([{ sessionIds: [sessionId] }]),
        });
        return response.text();
      },
      { actionId, sessionId: terminatingId },
    );
    expect(answer).toContain("sessions/force-terminate requires the operator role; you are viewer");
    const { body } = await platform.api("GET", `/api/v1/sessions/${terminatingId}`, { token: platformToken });
    expect((body.session as { state: string }).state).toBe("terminating");
    expect(dialogs).toEqual([]);
    await context.close();
  });

  test("a dialog holds the keyboard: focus moves in, Tab stays inside, Escape closes and focus returns", async ({
    page,
  }) => {
    await signInBrowser(page.context(), platform.app.url);
    await page.goto(`${platform.app.url}/sessions`);
    const row = page.locator(`[data-testid=session-row][data-session-id="${terminatingId}"]`);
    const opener = row.getByRole("button", { name: "Force terminate" });
    await opener.focus();
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: "Force terminate: 1 session" });
    await expect(dialog.getByRole("button", { name: "Force terminate 1" })).toBeEnabled();
    // A modal dialog (showModal): the rest of the page is inert.
    expect(await dialog.evaluate((element) => element.matches(":modal"))).toBe(true);
    const focusInDialog = () => page.evaluate(() => document.activeElement?.closest("dialog[open]") !== null);
    expect(await focusInDialog()).toBe(true);
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press("Tab");
      expect(await focusInDialog(), `after Tab ${i + 1}`).toBe(true);
    }
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press("Shift+Tab");
      expect(await focusInDialog(), `after Shift+Tab ${i + 1}`).toBe(true);
    }
    await page.keyboard.press("Escape");
    await expect(page.getByRole("dialog")).toHaveCount(0);
    await expect(opener).toBeFocused();
    const { body } = await platform.api("GET", `/api/v1/sessions/${terminatingId}`, { token: platformToken });
    expect((body.session as { state: string }).state).toBe("terminating");
  });

  test("Reject and Revoke credential on /agents ask in a dialog, not the browser's confirm", async ({
    page,
  }) => {
    const browserDialogs: string[] = [];
    page.on("dialog", (dialog) => {
      browserDialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await signInBrowser(page.context(), platform.app.url);
    await page.goto(`${platform.app.url}/agents`);
    const row = page.locator(`[data-testid=agent-row][data-agent-id="agent-idle"]`);

    const revoke = row.getByRole("button", { name: "Revoke credential" });
    await revoke.click();
    let dialog = page.getByRole("dialog", { name: "Revoke credential" });
    await expect(dialog).toContainText(
      "Revoke the credential of agent-idle? Its next request is refused; it must register again and be approved.",
    );
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(page.getByRole("dialog")).toHaveCount(0);
    await expect(revoke).toBeFocused();

    await row.getByRole("button", { name: "Reject" }).click();
    dialog = page.getByRole("dialog", { name: "Reject" });
    await expect(dialog).toContainText(
      "Reject agent agent-idle? It is refused from its next request and cannot register again until approved.",
    );
    await dialog.getByRole("button", { name: "Reject" }).click();
    await expect(page.getByRole("dialog")).toHaveCount(0);
    await expect(row).toContainText("rejected", { timeout: 15_000 });
    await expect(row.getByRole("button", { name: "Reject" })).toHaveCount(0);
    expect(browserDialogs).toEqual([]);
  });
});
