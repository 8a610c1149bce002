import { KubeConfig } from "@kubernetes/client-node";
import { expect, test } from "@playwright/test";
import { signInBrowser } from "./support/sign-in";
import { deriveSessionLabels } from "@/lib/k8s/model/labels";
import { createSessionObjects } from "@/lib/k8s/session-objects";
import {
  bootstrapToken,
  platformToken,
  startAppPlatform,
  type AppPlatform,
} from "@/test/support/app-platform";
import { freezeInLongPoll, waitForAgentConnection } from "@/test/support/agent-control";
import { startAgent, type Spawned } from "@/test/support/processes";
import { kubeconfigPath, testDatabaseUrl } from "./support/environment";

// The incident of DESIGN.md on the real app, PostgreSQL and local cluster, seen in Chromium: a
// session stuck in terminating because its agent died holding the stop, pods still Running.
test.describe("the sessions dashboard shows the incident", () => {
  let platform: AppPlatform;
  let agent: Spawned;
  let stuckId = "";
  let healthyId = "";

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    platform = await startAppPlatform(
      { databaseUrl: testDatabaseUrl(), kubeconfig: kubeconfigPath },
      {
        STUCK_TERMINATING_SECONDS: "3",
        AGENT_DISCONNECT_GRACE_SECONDS: "600",
        AGENT_HEARTBEAT_TIMEOUT_SECONDS: "4",
        ORPHAN_GRACE_SECONDS: "0",
      },
    );
    agent = startAgent("agent-a", {
      controlPlaneUrl: platform.app.url,
      bootstrapToken,
      kubeconfig: kubeconfigPath,
      waitSeconds: 3,
    });
    await waitForAgentConnection(platform, "agent-a");
    const create = async () => {
      const { body } = await platform.api("POST", "/api/v1/sessions", {
        token: platformToken,
        body: { userId: "alice", template: "registry.example/workspace:1", agentId: "agent-a" },
      });
      return (body.session as { id: string }).id;
    };
    stuckId = await create();
    healthyId = await create();
    const state = async (id: string) => {
      const { body } = await platform.api("GET", `/api/v1/sessions/${id}`, { token: platformToken });
      return (body.session as { state: string }).state;
    };
    await expect.poll(() => state(stuckId), { timeout: 30_000 }).toBe("running");
    await expect.poll(() => state(healthyId), { timeout: 30_000 }).toBe("running");

    // The agent takes the stop into its open long poll, frozen, and is killed before acting on it.
    await freezeInLongPoll(platform, agent, "agent-a");
    await platform.api("POST", `/api/v1/sessions/${stuckId}/stop`, { token: platformToken });
    await expect
      .poll(
        async () => {
          const { body } = await platform.api("GET", `/api/v1/sessions/${stuckId}`, { token: platformToken });
          return (body.commands as { type: string; status: string }[]).some(
            (c) => c.type === "stop_session" && c.status === "dispatched",
          );
        },
        { timeout: 15_000 },
      )
      .toBe(true);
    await agent.kill("SIGKILL");
    await new Promise((resolve) => setTimeout(resolve, 4_000)); // past STUCK_TERMINATING_SECONDS
  });

  test.afterAll(async () => {
    await agent?.kill("SIGKILL");
    await platform?.stop();
  });

  test("highlights the stuck session with its sentence, counts it, filters by it, and shows its live pod", async ({
    page,
  }, testInfo) => {
    await signInBrowser(page.context(), platform.app.url);
    await page.goto(`${platform.app.url}/sessions`);
    const stuckRow = page.locator(`[data-testid=session-row][data-session-id="${stuckId}"]`);
    await expect(stuckRow).toHaveAttribute("data-severity", "error");
    const finding = stuckRow.locator('[data-drift-class="stuck-terminating"]');
    await expect(finding).toContainText(
      /terminating for \d+ s; stop cannot be delivered: agent agent-a disconnected \d+ s ago; 1 pod still Running/,
    );
    await expect(page.locator(`[data-testid=session-row][data-session-id="${healthyId}"]`)).toHaveAttribute(
      "data-severity",
      "ok",
    );

    const card = page.getByTestId("drift-card-stuck-terminating");
    await expect(card.getByTestId("drift-count")).toHaveText("1");
    await page.screenshot({ path: "test-results/screenshots/dashboard.png", fullPage: true });
    await testInfo.attach("dashboard", {
      path: "test-results/screenshots/dashboard.png",
      contentType: "image/png",
    });

    await card.click();
    await expect(page).toHaveURL(/drift=stuck-terminating/);
    await expect(page.getByTestId("session-row")).toHaveCount(1);
    await expect(page.getByTestId("session-row")).toHaveAttribute("data-session-id", stuckId);

    await page.getByRole("link", { name: stuckId }).click();
    await expect(page).toHaveURL(new RegExp(`/sessions/${stuckId}$`));
    await expect(page.getByTestId("session-drift")).toContainText("Stuck terminating");
    await expect(page.getByTestId("pod")).toHaveCount(1);
    await expect(page.getByTestId("pod")).toHaveAttribute("data-pod-status", "Running");
    await expect(page.getByTestId("timeline")).toContainText("session.terminating");
    await page.screenshot({ path: "test-results/screenshots/session.png", fullPage: true });
    await testInfo.attach("session", {
      path: "test-results/screenshots/session.png",
      contentType: "image/png",
    });
  });

  test("keeps the filters in the URL across a reload", async ({ page }) => {
    await signInBrowser(page.context(), platform.app.url);
    await page.goto(`${platform.app.url}/sessions?drift=stuck-terminating`);
    await expect(page.getByTestId("session-row")).toHaveCount(1);
    await page.getByLabel("Search").fill(healthyId);
    await expect(page).toHaveURL(new RegExp(`q=${healthyId}`));
    await expect(page.getByText("No sessions match these filters.")).toBeVisible();
    await page.reload();
    await expect(page.getByLabel("Search")).toHaveValue(healthyId);
  });

  test("force-terminates the stuck session from its row in the stuck filter: the result outlives the row, then a notice stays", async ({
    page,
  }) => {
    await signInBrowser(page.context(), platform.app.url);
    await page.goto(`${platform.app.url}/sessions?drift=stuck-terminating`);
    const stuckRow = page.locator(`[data-testid=session-row][data-session-id="${stuckId}"]`);
    await stuckRow.getByRole("button", { name: "Force terminate" }).click();
    const dialog = page.getByRole("dialog");
    const item = dialog.getByTestId("operation-item");
    await expect(item).toContainText(
      new RegExp(
        `mark terminated \\(admin_forced\\) and delete Deployment ${stuckId}, Service ${stuckId}; 1 pod Running`,
      ),
    );
    await dialog.getByRole("button", { name: "Force terminate 1" }).click();
    await expect(item).toHaveAttribute("data-result", "applied");

    // The row leaves the filter at a refresh; the dialog and its result stay, refresh after refresh.
    await expect(stuckRow).toHaveCount(0, { timeout: 15_000 });
    await page.waitForTimeout(7_500);
    await expect(item).toHaveAttribute("data-result", "applied");
    await expect(item).not.toContainText("not possible");
    await dialog.getByRole("button", { name: "Close" }).click();
    await expect(page.getByRole("dialog")).toHaveCount(0);
    const notice = page.getByTestId("operation-notice");
    await expect(notice).toContainText("Force terminate: 1 applied, 0 failed — see the audit log");
    await expect(notice.getByRole("link", { name: "audit log" })).toHaveAttribute("href", "/audit");
    await page.waitForTimeout(3_500);
    await expect(notice).toBeVisible();
    await notice.getByRole("button", { name: "Dismiss" }).click();
    await expect(notice).toHaveCount(0);

    // Ended with nothing left, it is a quiet ended session: hidden unless ended ones are shown.
    await page.goto(`${platform.app.url}/sessions?ended=show`);
    await expect(stuckRow).toHaveAttribute("data-severity", "ok", { timeout: 15_000 });
    await expect(stuckRow).not.toContainText("Stuck terminating");
    await expect(stuckRow).toContainText("terminated");
    await expect(page.getByTestId("drift-card-stuck-terminating").getByTestId("drift-count")).toHaveText("0");
    await page.goto(`${platform.app.url}/sessions/${stuckId}`);
    await expect(page.getByTestId("pod")).toHaveCount(0, { timeout: 15_000 });
    await expect(page.getByTestId("timeline")).toContainText("session.force_terminated");
  });

  const createOrphan = async (id: string) => {
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(kubeconfigPath);
    await createSessionObjects(kubeConfig, {
      sessionId: id,
      namespace: platform.namespace,
      image: "registry.example/old:1",
      sessionLabelKey: "session",
      labels: deriveSessionLabels({
        sessionLabelKey: "session",
        installation: platform.installation,
        sessionId: id,
        agentId: "agent-gone",
      }),
    });
  };

  test("bulk-deletes three orphans and keeps each one's result across refreshes (no second preview)", async ({
    page,
  }) => {
    const orphans = ["s-e2eorphan001", "s-e2eorphan002", "s-e2eorphan003"];
    for (const id of orphans) await createOrphan(id);
    await signInBrowser(page.context(), platform.app.url);
    await page.goto(`${platform.app.url}/sessions?drift=orphaned-resources`);
    await expect(page.getByTestId("session-row")).toHaveCount(3, { timeout: 15_000 });
    await page.getByLabel("Select all rows on this page").check();
    await expect(page.getByTestId("selection-count")).toHaveText("3 selected");
    await page
      .getByRole("region", { name: "Bulk actions", exact: true })
      .getByRole("button", { name: "Delete resources" })
      .click();
    const dialog = page.getByRole("dialog");
    await expect(dialog.getByTestId("operation-item")).toHaveCount(3);
    for (const id of orphans) {
      await expect(dialog.locator(`[data-session-id="${id}"]`)).toContainText(
        `delete Deployment ${id}, Service ${id}`,
      );
    }
    await dialog.getByRole("button", { name: "Delete resources 3" }).click();
    for (const id of orphans) {
      await expect(dialog.locator(`[data-session-id="${id}"]`)).toHaveAttribute("data-result", "applied");
    }
    // The orphans leave the filter and the selection is handed over again at each refresh: the
    // dialog keeps what it did and never previews again.
    await expect(page.getByTestId("session-row")).toHaveCount(0, { timeout: 15_000 });
    await page.waitForTimeout(7_500);
    await expect(dialog.getByTestId("operation-item")).toHaveCount(3);
    for (const id of orphans) {
      const item = dialog.locator(`[data-session-id="${id}"]`);
      await expect(item).toHaveAttribute("data-result", "applied");
      await expect(item).toContainText(`deleted`);
      await expect(item).not.toContainText("not possible");
    }
    await page.screenshot({ path: "test-results/screenshots/bulk-delete.png" });
    await dialog.getByRole("button", { name: "Close" }).click();
    await expect(page.getByTestId("operation-notice")).toContainText(
      "Delete resources: 3 applied, 0 failed — see the audit log",
    );
    await expect(page.getByTestId("session-row")).toHaveCount(0);
  });

  test("a bulk Delete resources on more than 10 sessions waits for the count to be typed", async ({
    page,
  }) => {
    const orphans = Array.from({ length: 11 }, (_, i) => `s-e2etyped${String(i).padStart(3, "0")}`);
    for (const id of orphans) await createOrphan(id);
    await signInBrowser(page.context(), platform.app.url);
    await page.goto(`${platform.app.url}/sessions?drift=orphaned-resources`);
    await expect(page.getByTestId("session-row")).toHaveCount(11, { timeout: 15_000 });
    await page.getByLabel("Select all rows on this page").check();
    await page
      .getByRole("region", { name: "Bulk actions", exact: true })
      .getByRole("button", { name: "Delete resources" })
      .click();
    const dialog = page.getByRole("dialog");
    await expect(dialog.getByTestId("operation-item")).toHaveCount(11);
    const confirm = dialog.getByRole("button", { name: "Delete resources 11" });
    const typed = dialog.getByLabel('Type 11 or "delete" to confirm');
    await expect(confirm).toBeDisabled();
    await typed.fill("10");
    await expect(confirm).toBeDisabled();
    await typed.fill("11");
    await expect(confirm).toBeEnabled();
    await typed.fill("delete");
    await expect(confirm).toBeEnabled();
    await confirm.click();
    await expect(dialog.locator('[data-testid=operation-item][data-result="applied"]')).toHaveCount(11, {
      timeout: 30_000,
    });
    await dialog.getByRole("button", { name: "Close" }).click();
    await expect(page.getByTestId("operation-notice")).toContainText(
      "Delete resources: 11 applied, 0 failed",
    );
  });
});
