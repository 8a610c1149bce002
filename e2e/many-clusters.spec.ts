import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
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
import { kubeconfigPath, repoRoot, secondKubeconfigPath, testDatabaseUrl } from "./support/environment";

// One dashboard over two real clusters: the cluster column and filter, and the second cluster
// cut (through a proxy only the app uses) while the first is still read.
test.describe("many clusters on one dashboard", () => {
  let platform: AppPlatform;
  const agents: Spawned[] = [];
  let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
  const sessions: Record<"one" | "two", string> = { one: "", two: "" };

  test.beforeAll(async () => {
    test.setTimeout(150_000);
    const text = readFileSync(secondKubeconfigPath, "utf8");
    const server = new URL(/server:\s*(\S+)/.exec(text)![1]!);
    proxy = await startTcpProxy({ host: server.hostname, port: Number(server.port) });
    const secondThroughProxy = path.join(repoRoot, "test-results", `kubeconfig-second-${proxy.port}`);
    writeFileSync(secondThroughProxy, text.replace(server.origin, `https://127.0.0.1:${proxy.port}`));
    platform = await startAppPlatform(
      { databaseUrl: testDatabaseUrl(), kubeconfig: kubeconfigPath },
      {
        CLUSTERS: JSON.stringify([
          { id: "one", kubeconfig: kubeconfigPath },
          { id: "two", kubeconfig: secondThroughProxy },
        ]),
        MISSING_RESOURCES_GRACE_SECONDS: "0",
        AGENT_HEARTBEAT_TIMEOUT_SECONDS: "30",
      },
    );
    for (const [id, kubeconfig] of [
      ["one", kubeconfigPath],
      ["two", secondKubeconfigPath],
    ] as const)
      agents.push(
        startAgent(`agent-${id}`, {
          controlPlaneUrl: platform.app.url,
          bootstrapToken,
          kubeconfig,
          cluster: id,
          waitSeconds: 3,
        }),
      );
    for (const cluster of ["one", "two"] as const) {
      await expect
        .poll(
          async () => {
            const { body } = await platform.api("POST", "/api/v1/sessions", {
              token: platformToken,
              body: { userId: `user-${cluster}`, template: "registry.example/workspace:1", cluster },
            });
            return (sessions[cluster] = (body.session as { id: string } | undefined)?.id ?? "");
          },
          { timeout: 30_000 },
        )
        .not.toBe("");
    }
    for (const cluster of ["one", "two"] as const)
      await expect
        .poll(
          async () => {
            const { body } = await platform.api("GET", `/api/v1/sessions/${sessions[cluster]}`, {
              token: platformToken,
            });
            return (body.session as { state: string }).state;
          },
          { timeout: 30_000 },
        )
        .toBe("running");
  });

  test.afterAll(async () => {
    await Promise.all(agents.map((a) => a.kill("SIGTERM")));
    await platform?.stop();
    await proxy?.close().catch(() => undefined);
  });

  test("shows each session's cluster, filters by it, and a cut cluster unknown for its own rows only", async ({
    page,
  }, testInfo) => {
    await signInBrowser(page.context(), platform.app.url);
    await page.goto(`${platform.app.url}/sessions`);
    const rowOf = (cluster: "one" | "two") =>
      page.locator(`[data-testid=session-row][data-session-id="${sessions[cluster]}"]`);
    await expect(page.getByRole("columnheader", { name: /Cluster/ })).toBeVisible();
    await expect(rowOf("one")).toContainText("one");
    await expect(rowOf("two")).toContainText("two");
    await expect(page.getByTestId("kind-one-pods")).toHaveAttribute("data-state", "synced");
    await expect(page.getByTestId("kind-two-pods")).toHaveAttribute("data-state", "synced");

    await page.getByLabel("Cluster", { exact: true }).selectOption("two");
    await expect(page).toHaveURL(/cluster=two/);
    await expect(rowOf("one")).toHaveCount(0);
    await expect(rowOf("two")).toBeVisible();
    await page.getByLabel("Cluster", { exact: true }).selectOption("");
    await expect(rowOf("one")).toBeVisible();

    // Cluster two stops answering the app: its kinds turn unknown, its row says so and shows no
    // drift invented from the silence; cluster one's row and kinds are as before.
    proxy.block();
    await expect(page.getByTestId("kind-two-pods")).toHaveAttribute("data-state", "error", {
      timeout: 60_000,
    });
    await expect(page.getByTestId("kind-one-pods")).toHaveAttribute("data-state", "synced");
    await expect(rowOf("two")).toContainText("drift unknown");
    await expect(rowOf("two")).toHaveAttribute("data-severity", "ok");
    await expect(rowOf("one")).toHaveAttribute("data-severity", "ok");
    await expect(rowOf("one")).not.toContainText("unknown");
    await page.screenshot({ path: "test-results/screenshots/many-clusters.png", fullPage: true });
    await testInfo.attach("many-clusters", {
      path: "test-results/screenshots/many-clusters.png",
      contentType: "image/png",
    });
  });
});
