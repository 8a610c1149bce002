import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { signInBrowser } from "./support/sign-in";
import { testCronSecret } from "@/test/support/auth";
import { waitForAgentConnection } from "@/test/support/agent-control";
import {
  bootstrapToken,
  platformToken,
  startAppPlatform,
  type AppPlatform,
} from "@/test/support/app-platform";
import { startAgent, type Spawned } from "@/test/support/processes";
import { kubeconfigPath, testDatabaseUrl } from "./support/environment";

// axe-core (the reference rule set, WCAG 2.x A and AA) on every page of the real app, signed in and
// signed out, in the light and the dark theme: no serious or critical violation. The pages hold real
// data — a running session of a connected agent and a recorded run — so tables, badges and charts
// are checked as an admin sees them, not empty.

const impactsThatFail = new Set(["serious", "critical"]);

/** The serious and critical violations on the page as it is now, one readable line each. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"])
    .analyze();
  return results.violations
    .filter((v) => impactsThatFail.has(v.impact ?? ""))
    .map((v) => {
      const where = v.nodes
        .slice(0, 3)
        .map((n) => n.target.join(" "))
        .join(" | ");
      return `${v.impact} ${v.id}: ${v.help} (${v.nodes.length}×: ${where})`;
    });
}

test.describe("accessibility (axe-core)", () => {
  let platform: AppPlatform;
  let agent: Spawned;
  let sessionId = "";
  let runId = 0;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    platform = await startAppPlatform({ databaseUrl: testDatabaseUrl(), kubeconfig: kubeconfigPath });
    agent = startAgent("agent-axe", {
      controlPlaneUrl: platform.app.url,
      bootstrapToken,
      kubeconfig: kubeconfigPath,
      waitSeconds: 3,
    });
    await waitForAgentConnection(platform, "agent-axe");
    const { body } = await platform.api("POST", "/api/v1/sessions", {
      token: platformToken,
      body: { userId: "alice", template: "registry.example/workspace:1", agentId: "agent-axe" },
    });
    sessionId = (body.session as { id: string }).id;
    await expect
      .poll(
        async () => {
          const answer = await platform.api("GET", `/api/v1/sessions/${sessionId}`, { token: platformToken });
          return (answer.body.session as { state: string }).state;
        },
        { timeout: 30_000 },
      )
      .toBe("running");
    const cron = await fetch(`${platform.app.url}/api/cron/reconcile`, {
      headers: { authorization: `Bearer ${testCronSecret}` },
    });
    runId = ((await cron.json()) as { runId: number }).runId;
  });

  test.afterAll(async () => {
    await agent?.kill("SIGTERM");
    await platform?.stop();
  });

  for (const scheme of ["light", "dark"] as const) {
    test(`signed out, ${scheme}: the sign-in and not-found pages`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      for (const path of ["/sign-in", "/no-such-page"]) {
        await page.goto(`${platform.app.url}${path}`);
        await page.waitForLoadState("networkidle");
        expect(await seriousViolations(page), path).toEqual([]);
      }
    });

    test(`signed in, ${scheme}: every page`, async ({ page }) => {
      test.setTimeout(120_000);
      await page.emulateMedia({ colorScheme: scheme });
      await signInBrowser(page.context(), platform.app.url);
      const paths = [
        "/sessions",
        `/sessions/${sessionId}`,
        "/agents",
        "/runs",
        `/runs/${runId}`,
        "/audit",
        "/status",
        "/quarantine",
        "/users",
        "/no-such-page",
      ];
      const found: string[] = [];
      for (const path of paths) {
        await page.goto(`${platform.app.url}${path}`);
        await page.waitForLoadState("networkidle");
        await expect(page.locator("main#main")).toBeVisible();
        for (const line of await seriousViolations(page)) found.push(`${path}: ${line}`);
      }
      expect(found).toEqual([]);
    });
  }
});
