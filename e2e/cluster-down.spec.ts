import { expect, test } from "@playwright/test";
import { signInBrowser } from "./support/sign-in";
import {
  bootstrapToken,
  platformToken,
  startAppPlatform,
  type AppPlatform,
} from "@/test/support/app-platform";
import { startAgent, type Spawned } from "@/test/support/processes";
import { startTcpProxy } from "@/test/support/tcp-proxy";
import {
  apiServerAddress,
  kubeconfigPath,
  kubeconfigThroughPort,
  testDatabaseUrl,
} from "./support/environment";

// The app reaches the real API server through a proxy; closing the proxy is, for the app, the API
// server going away (connections cut, new ones refused) while other tests keep their cluster.
test.describe("when the API server cannot be reached", () => {
  let platform: AppPlatform;
  let agent: Spawned;
  let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
  let sessionId = "";

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    proxy = await startTcpProxy(apiServerAddress());
    platform = await startAppPlatform(
      { databaseUrl: testDatabaseUrl(), kubeconfig: kubeconfigThroughPort(proxy.port) },
      // With no grace at all, a kind wrongly read as empty would show "missing resources" at once.
      { MISSING_RESOURCES_GRACE_SECONDS: "0", AGENT_HEARTBEAT_TIMEOUT_SECONDS: "30" },
    );
    agent = startAgent("agent-d", {
      controlPlaneUrl: platform.app.url,
      bootstrapToken,
      kubeconfig: kubeconfigPath,
      waitSeconds: 3,
    });
    await expect
      .poll(
        async () => {
          const { body } = await platform.api("POST", "/api/v1/sessions", {
            token: platformToken,
            body: { userId: "bob", template: "registry.example/workspace:1" },
          });
          sessionId = (body.session as { id: string } | undefined)?.id ?? "";
          return sessionId;
        },
        { timeout: 30_000 },
      )
      .not.toBe("");
    await expect
      .poll(
        async () => {
          const { body } = await platform.api("GET", `/api/v1/sessions/${sessionId}`, {
            token: platformToken,
          });
          return (body.session as { state: string }).state;
        },
        { timeout: 30_000 },
      )
      .toBe("running");
  });

  test.afterAll(async () => {
    await agent?.kill("SIGTERM");
    await platform?.stop();
    await proxy?.close().catch(() => undefined);
  });

  test("the page still loads, names the unknown kinds since when, and invents no drift", async ({
    page,
  }, testInfo) => {
    await signInBrowser(page.context(), platform.app.url);
    await page.goto(`${platform.app.url}/sessions`);
    const row = page.locator(`[data-testid=session-row][data-session-id="${sessionId}"]`);
    await expect(row).toHaveAttribute("data-severity", "ok");
    await expect(page.getByTestId("kind-pods")).toHaveAttribute("data-state", "synced");

    await proxy.close();

    for (const kind of ["deployments", "services", "endpointSlices", "pods"]) {
      await expect(page.getByTestId(`kind-${kind}`)).toHaveAttribute("data-state", "error", {
        timeout: 15_000,
      });
      await expect(page.getByTestId(`kind-${kind}`)).toContainText("unknown since");
    }
    await expect(row).toContainText("drift unknown");
    await expect(row).toHaveAttribute("data-severity", "ok");
    for (const card of await page.locator("[data-testid^=drift-card-]").all()) {
      await expect(card.getByTestId("drift-count")).toHaveText("0");
    }
    await page.reload();
    await expect(page.getByTestId("kind-pods")).toHaveAttribute("data-state", "error");
    await expect(row).toHaveAttribute("data-severity", "ok");
    await page.screenshot({ path: "test-results/screenshots/cluster-down.png", fullPage: true });
    await testInfo.attach("cluster-down", {
      path: "test-results/screenshots/cluster-down.png",
      contentType: "image/png",
    });
  });
});
