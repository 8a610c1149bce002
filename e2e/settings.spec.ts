import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { verifyWebhookSignature } from "@/lib/notify/signature";
import { startWebhookReceiver } from "@/test/support/webhook-receiver";
import { testDatabaseUrl } from "./support/environment";
import { seedId, seedSessions } from "./support/seed-sessions";
import { signInBrowser } from "./support/sign-in";

// Runtime control through the page an admin uses: a threshold changed on /settings changes what the
// dashboard flags with no restart, and a pause shows on every page, is told to a webhook (signed)
// and goes away on resume. Each change is set back at the end, whatever happened.

const agentId = "e2e-settings-agent";
const sessionId = seedId("settings", 1);

async function sql(text: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  try {
    return await client.query(text, values);
  } finally {
    await client.end();
  }
}

async function setThreshold(page: Page, label: string, value: string) {
  const form = page.getByRole("form", { name: label });
  await form.getByRole("textbox", { name: label }).fill(value);
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.getByRole("button", { name: "Reset to default" })).toBeVisible();
}

test.afterAll(async () => {
  await sql(
    `update runtime_settings set overrides = '{}'::jsonb, paused_at = null, paused_by = null, pause_reason = null`,
  );
  await sql(`delete from webhooks where name like 'e2e-settings-%'`);
  await sql(`update sessions set state = 'terminated', terminated_at = now() where id = $1`, [sessionId]);
});

test("a threshold changed on /settings changes what the dashboard flags, without a restart", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(90_000);
  // A session terminating for 2 minutes on a connected agent: under the default 5 minutes it is not stuck.
  await sql(`delete from sessions where id = $1`, [sessionId]);
  await seedSessions(testDatabaseUrl(), {
    agentId,
    namespace: "e2e-settings",
    sessions: [{ id: sessionId, state: "terminating", ageSeconds: 120 }],
  });
  // The agent stays connected while the test runs: its heartbeat kept fresh, as a live agent's is.
  const beat = () =>
    sql(
      `update agents set last_heartbeat_at = now(), connected_at = coalesce(connected_at, now()) where id = $1`,
      [agentId],
    );
  await beat();
  const heartbeat = setInterval(() => void beat().catch(() => undefined), 3_000);
  try {
    await signInBrowser(page.context(), baseURL!);
    const row = page.locator(`tr:has-text("${sessionId}")`);
    await page.goto(`/sessions?drift=stuck-terminating&q=${sessionId}`);
    await expect(page.getByRole("heading", { name: "Sessions" })).toBeVisible();
    await expect(row).toHaveCount(0);

    await page.goto("/settings");
    await expect(page.getByRole("heading", { name: "Settings" })).toBeVisible();
    await setThreshold(page, "Stuck terminating after", "60");

    await expect
      .poll(
        async () => {
          await page.goto(`/sessions?drift=stuck-terminating&q=${sessionId}`);
          return row.count();
        },
        { timeout: 20_000, message: "the session flagged stuck under the new threshold" },
      )
      .toBe(1);

    // Back to the environment's value: the session is no longer stuck.
    await page.goto("/settings");
    await page
      .getByRole("form", { name: "Stuck terminating after" })
      .getByRole("button", { name: "Reset to default" })
      .click();
    await expect(
      page
        .getByRole("form", { name: "Stuck terminating after" })
        .getByRole("button", { name: "Reset to default" }),
    ).toHaveCount(0);
    await expect
      .poll(
        async () => {
          await page.goto(`/sessions?drift=stuck-terminating&q=${sessionId}`);
          return row.count();
        },
        { timeout: 20_000 },
      )
      .toBe(0);
  } finally {
    clearInterval(heartbeat);
  }
});

test("a pause shows on every page, reaches a webhook signed, and a resume clears it", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const receiver = await startWebhookReceiver();
  try {
    await signInBrowser(page.context(), baseURL!);
    // A webhook subscribed to the pause and the resume.
    await page.goto("/settings/notifications");
    const form = page.getByRole("form", { name: "Add a webhook" });
    await form.getByLabel("Name").fill(`e2e-settings-${Date.now()}`);
    await form.getByLabel("URL (http or https)").fill(receiver.url);
    await form.getByLabel("Body").selectOption("generic");
    await form.getByRole("button", { name: "Add webhook" }).click();
    const secret = (await page.getByTestId("webhook-secret-value").textContent())!.trim();

    await page.goto("/settings");
    await page
      .getByRole("form", { name: "Pause automation" })
      .getByRole("textbox")
      .fill("database failover in progress");
    await page.getByRole("button", { name: "Pause automation" }).click();
    await expect(page.getByTestId("pause-state")).toContainText("Paused");

    for (const path of ["/sessions", "/agents", "/runs", "/audit", "/settings"]) {
      await page.goto(path);
      await expect(page.getByTestId("automation-paused"), `the banner on ${path}`).toContainText(
        "database failover in progress",
        // The banner polls its state (shared for up to a few seconds per process): give it a poll.
        { timeout: 15_000 },
      );
    }

    const pausedEvent = () =>
      receiver.received.find((r) => r.headers["x-session-reconciler-event"] === "automation.paused");
    await expect
      .poll(() => pausedEvent() !== undefined, {
        timeout: 30_000,
        message: "automation.paused at the receiver",
      })
      .toBe(true);
    const paused = pausedEvent()!;
    expect(JSON.parse(paused.body)).toMatchObject({
      type: "automation.paused",
      data: { reason: "database failover in progress" },
    });
    const check = verifyWebhookSignature({
      header: paused.headers["x-session-reconciler-signature"] as string,
      body: paused.body,
      secret,
      nowSeconds: Math.floor(Date.now() / 1000),
      toleranceSeconds: 300,
    });
    expect(check.ok).toBe(true);

    await page.goto("/settings");
    await page.getByRole("form", { name: "Resume automation" }).getByRole("textbox").fill("failover done");
    await page.getByRole("button", { name: "Resume automation" }).click();
    await expect(page.getByTestId("pause-state")).not.toContainText("Paused");
    await page.goto("/sessions");
    await expect(page.getByTestId("automation-paused")).toHaveCount(0, { timeout: 15_000 });
    await expect
      .poll(
        () => receiver.received.some((r) => r.headers["x-session-reconciler-event"] === "automation.resumed"),
        {
          timeout: 30_000,
        },
      )
      .toBe(true);
  } finally {
    await receiver.close();
  }
});
