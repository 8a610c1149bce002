import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { startAppPlatform, type AppPlatform } from "@/test/support/app-platform";
import { kubeconfigPath, testDatabaseUrl } from "./support/environment";
import { seedAudit, seedRuns, withDatabase, type SeedAuditEvent } from "./support/seed";
import { signInBrowser } from "./support/sign-in";

// Issue 15 item 6 in Chromium against the real app and a PostgreSQL database of its own: the runs,
// agents and audit tables sort by their headers, /runs and /audit page, the audit log's details
// read as fields and its refused-request noise collapses, and the session timeline's too.

const runCount = 171;
const start = Date.parse("2026-12-03T01:00:00Z");
const at = (minutes: number) => new Date(start + minutes * 60_000);
const sessionId = "s-timeline0001";

let platform: AppPlatform;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  platform = await startAppPlatform({ databaseUrl: testDatabaseUrl(), kubeconfig: kubeconfigPath });
  await withDatabase(platform.databaseUrl, async (client) => {
    // Durations are a shuffle of 0…170 ms (37 is coprime to 171): the longest is not the newest.
    await seedRuns(
      client,
      Array.from({ length: runCount }, (_, i) => ({ startedAt: at(i), durationMs: (i * 37) % runCount })),
    );
    for (const [id, epoch, heartbeat] of [
      ["agent-a", 2, at(200)],
      ["agent-b", 7, null],
      ["agent-c", 4, at(100)],
    ] as const) {
      await client.query(
        `insert into agents (id, name, cluster, approval_status, epoch, last_heartbeat_at) values ($1, $1, 'local', 'approved', $2, $3)`,
        [id, epoch, heartbeat],
      );
    }
    await client.query(
      `insert into sessions (id, user_id, template, namespace, agent_id, state) values ($1, 'alice', 'img:1', 'default', 'agent-a', 'terminated')`,
      [sessionId],
    );
    const refusals: SeedAuditEvent[] = Array.from({ length: 12 }, (_, i) => ({
      at: at(10 + i),
      actorType: "user",
      actorId: "viewer@example.com",
      action: "auth.denied",
      details: { target: "page /users", role: "viewer", required: "users:manage" },
    }));
    await seedAudit(client, [
      {
        at: at(1),
        actorType: "reconciler",
        actorId: "cron",
        action: "session.force_terminated",
        sessionId,
        details: {
          reason: "stuck_terminating",
          note: `agent agent-a gone for 48 min; ${"a long explanation ".repeat(12)}`,
        },
      },
      ...refusals,
      {
        at: at(30),
        actorType: "user",
        actorId: "admin@example.com",
        action: "user.created",
        details: { email: "x@example.com" },
      },
    ]);
  });
});

test.afterAll(async () => {
  await platform?.stop();
});

async function open(page: Page, path: string) {
  await signInBrowser(page.context(), platform.app.url);
  await page.goto(`${platform.app.url}${path}`);
}

const runIds = (page: Page) => page.getByTestId("run-row").locator("td:first-child").allInnerTexts();

test("/runs pages its 171 runs, 50 by default, with a page-size choice and next/previous", async ({
  page,
}) => {
  await open(page, "/runs");
  await expect(page.getByTestId("run-row")).toHaveCount(50);
  await expect(page.getByTestId("pager-range")).toHaveText(`1–50 of ${runCount} runs · page 1 of 4`);
  expect((await runIds(page))[0]).toBe(`#${runCount}`);

  await page.getByRole("link", { name: "Next →" }).click();
  await expect(page.getByTestId("pager-range")).toHaveText(`51–100 of ${runCount} runs · page 2 of 4`);
  expect((await runIds(page))[0]).toBe(`#${runCount - 50}`);

  await page.getByRole("link", { name: "25 rows per page" }).click();
  await expect(page).toHaveURL(/size=25/);
  await expect(page.getByTestId("run-row")).toHaveCount(25);
  await expect(page.getByTestId("pager-range")).toHaveText(`1–25 of ${runCount} runs · page 1 of 7`);
  // 171 runs made one 6,100 px page; a page of 25 stays short.
  expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThan(2_500);

  await page.goto(`${platform.app.url}/runs?size=25&page=7`);
  await expect(page.getByTestId("run-row")).toHaveCount(runCount - 6 * 25);
  await expect(page.getByRole("link", { name: "Next →" })).toHaveCount(0);
  await page.getByRole("link", { name: "← Previous" }).click();
  await expect(page.getByTestId("pager-range")).toHaveText(`126–150 of ${runCount} runs · page 6 of 7`);
});

test("/runs sorts on the server by a header, both ways, and says so in aria-sort", async ({ page }) => {
  await open(page, "/runs");
  const duration = page.getByRole("columnheader", { name: /Duration/ });
  await expect(page.getByRole("columnheader", { name: /Started/ })).toHaveAttribute(
    "aria-sort",
    "descending",
  );
  await expect(duration).toHaveAttribute("aria-sort", "none");

  await duration.getByRole("link").click();
  await expect(page).toHaveURL(/sort=duration&dir=desc/);
  await expect(duration).toHaveAttribute("aria-sort", "descending");
  await expect(page.getByRole("columnheader", { name: /Started/ })).toHaveAttribute("aria-sort", "none");
  const durations = () => page.getByTestId("run-row").locator("td:nth-child(7)").allInnerTexts();
  expect((await durations()).slice(0, 3)).toEqual(["170 ms", "169 ms", "168 ms"]);

  await duration.getByRole("link").click();
  await expect(duration).toHaveAttribute("aria-sort", "ascending");
  expect((await durations()).slice(0, 3)).toEqual(["0 ms", "1 ms", "2 ms"]);
  // The next page continues the same order.
  await page.getByRole("link", { name: "Next →" }).click();
  await expect(page).toHaveURL(/page=2/);
  expect((await durations())[0]).toBe("50 ms");
});

test("a bad sort or page size is named, and the table stays on its defaults", async ({ page }) => {
  await open(page, "/runs?sort=drop%20table&size=30");
  const alert = page.getByRole("alert").filter({ hasText: "Ignored" });
  await expect(alert).toContainText("sort:");
  await expect(alert).toContainText("size:");
  await expect(page.getByTestId("run-row")).toHaveCount(50);
  expect((await runIds(page))[0]).toBe(`#${runCount}`);
});

test("/agents sorts by a header", async ({ page }) => {
  await open(page, "/agents");
  const order = () =>
    page.getByTestId("agent-row").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-agent-id")));
  expect(await order()).toEqual(["agent-a", "agent-b", "agent-c"]);
  const epoch = page.getByRole("columnheader", { name: /Epoch/ });
  await epoch.getByRole("link").click();
  await expect(epoch).toHaveAttribute("aria-sort", "descending");
  expect(await order()).toEqual(["agent-b", "agent-c", "agent-a"]);
  const heartbeat = page.getByRole("columnheader", { name: /Last heartbeat/ });
  await heartbeat.getByRole("link").click();
  await expect(heartbeat).toHaveAttribute("aria-sort", "descending");
  expect(await order()).toEqual(["agent-a", "agent-c", "agent-b"]);
});

test("/audit collapses a run of refused requests into one expandable line", async ({ page }) => {
  await open(page, "/audit");
  const group = page.getByTestId("refused-group");
  await expect(group).toHaveCount(1);
  await expect(group).toContainText(
    "12 refused requests from user:viewer@example.com between 2026-12-03 01:10:00 UTC and 2026-12-03 01:21:00 UTC",
  );
  const refusedRows = page.getByTestId("audit-row").filter({ hasText: "auth.denied" });
  await expect(refusedRows).toHaveCount(0);
  await expect(group.getByTestId("refused-group-event")).toHaveCount(12);
  await expect(group.getByTestId("refused-group-event").first()).toBeHidden();
  await group.getByText("12 refused requests").click();
  await expect(group.getByTestId("refused-group-event").first()).toBeVisible();
  await expect(group.getByTestId("refused-group-event").first()).toContainText("page /users");

  await page.getByRole("link", { name: "Show every refused request" }).click();
  await expect(page.getByTestId("refused-group")).toHaveCount(0);
  await expect(refusedRows).toHaveCount(12);
});

test("/audit details are fields, long values wrapped; it sorts and pages", async ({ page }) => {
  await open(page, "/audit?action=session.*");
  const details = page.getByTestId("audit-row").getByTestId("details");
  // jsonb keeps keys shortest first.
  await expect(details.locator("dt")).toHaveText(["note", "reason"]);
  await expect(details.locator("dd").nth(1)).toHaveText("stuck_terminating");
  // Wrapped, not cut or pushing the table wider than the card.
  const note = details.locator("dd").first();
  expect((await note.boundingBox())!.height).toBeGreaterThan(20);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
    await page.evaluate(() => window.innerWidth),
  );

  await page.goto(`${platform.app.url}/audit?refused=each`);
  const action = page.getByRole("columnheader", { name: /Action/ });
  await action.getByRole("link").click();
  await expect(action).toHaveAttribute("aria-sort", "ascending");
  await expect(page).toHaveURL(/refused=each/);
  const actions = () => page.getByTestId("audit-row").locator("td:nth-child(3)").allInnerTexts();
  // Each test's sign-in is audited too (auth.signed_in): A to Z, whatever their number.
  const sorted = await actions();
  expect(sorted).toEqual([...sorted].sort());
  expect(sorted.slice(0, 13)).toEqual([...Array(12).fill("auth.denied"), "auth.signed_in"]);
  expect(sorted).toContain("session.force_terminated");
  expect(sorted.at(-1)).toBe("user.created");

  await page.getByRole("link", { name: "25 rows per page" }).click();
  await expect(page).toHaveURL(/size=25/);
  await expect(page.getByTestId("pager-range")).toHaveText(/^1–\d+ of \d+ events · page 1 of 1$/);
  await expect(page.getByTestId("audit-row")).toHaveCount(sorted.length);
  // The filter form keeps the sort and page size.
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/sort=action/);
  await expect(page).toHaveURL(/size=25/);
});

test("the session timeline shows an event's details as fields", async ({ page }) => {
  await open(page, `/sessions/${sessionId}`);
  const entry = page.getByTestId("timeline-entry").filter({ hasText: "session.force_terminated" });
  await expect(entry.locator("dt")).toHaveText(["note", "reason"]);
  await expect(entry.locator("dd").nth(1)).toHaveText("stuck_terminating");
  await expect(entry).not.toContainText("{");
});

test("the tables' pages have no serious or critical accessibility violation (axe-core)", async ({ page }) => {
  await signInBrowser(page.context(), platform.app.url);
  for (const path of [
    "/runs?size=25&page=2",
    "/agents?sort=epoch&dir=desc",
    "/audit",
    `/sessions/${sessionId}`,
  ]) {
    await page.goto(`${platform.app.url}${path}`);
    await expect(page.locator("main")).toBeVisible();
    if (path === "/audit") await page.getByText("12 refused requests").click();
    // The page's own content; the frame around it (nav) is checked where it is built.
    const { violations } = await new AxeBuilder({ page }).include("main").analyze();
    const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(
      serious.map((v) => `${path}: ${v.id} ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
    ).toEqual([]);
  }
});
