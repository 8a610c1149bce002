import { expect, test } from "@playwright/test";
import { verifyWebhookSignature } from "@/lib/notify/signature";
import { startWebhookReceiver } from "@/test/support/webhook-receiver";
import { signInBrowser } from "./support/sign-in";

// An admin adds a webhook on the page: its secret is shown once, then never again (a reload hides
// it, and the page's HTML never carries it); "Send test" reaches a real receiver, signed with it.
test("an admin adds a webhook, sees its secret once, and a signed test reaches the receiver", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const receiver = await startWebhookReceiver();
  try {
    await signInBrowser(page.context(), baseURL!);
    await page.goto("/settings/notifications");
    await expect(page.getByRole("heading", { name: "Notifications" })).toBeVisible();

    const name = `e2e-hook-${Date.now()}`;
    const form = page.getByRole("form", { name: "Add a webhook" });
    await form.getByLabel("Name").fill(name);
    await form.getByLabel("URL (http or https)").fill(receiver.url);
    await form.getByLabel("Body").selectOption("generic");
    await form.getByRole("button", { name: "Add webhook" }).click();

    const shown = page.getByTestId("webhook-secret");
    await expect(shown).toContainText("copy it now: it will not be shown again");
    const secret = (await page.getByTestId("webhook-secret-value").textContent())!.trim();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const row = page.locator(`[data-testid="webhook-row"][data-name="${name}"]`);
    await expect(row).toContainText(receiver.url);

    // The page's scripts held back 2 s on this reload: the server-rendered "Send test" shows before
    // it hydrates, and a click then must wait for it, not be lost (the likely cause of a CI failure: a loaded machine hydrates late).
    await page.route(/\/_next\/static\/chunks\/.*\.js/, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      await route.continue();
    });
    await page.reload({ waitUntil: "commit" });
    await expect(row).toBeVisible();
    await expect(page.getByTestId("webhook-secret")).toHaveCount(0);
    expect(await page.content()).not.toContain(secret);
    const html = await (await page.request.get("/settings/notifications")).text();
    expect(html).not.toContain(secret);

    await row.getByRole("button", { name: "Send test" }).click();
    await page.unrouteAll({ behavior: "wait" });
    await expect
      .poll(() => receiver.received.length, { timeout: 30_000, message: "the test delivery" })
      .toBeGreaterThan(0);
    const [got] = receiver.received;
    expect(got!.headers["x-session-reconciler-event"]).toBe("webhook.test");
    const check = verifyWebhookSignature({
      header: got!.headers["x-session-reconciler-signature"] as string,
      body: got!.body,
      secret,
      nowSeconds: Math.floor(Date.now() / 1000),
      toleranceSeconds: 300,
    });
    expect(check.ok).toBe(true);

    // The log says delivered, with one attempt and the receiver's 200.
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.locator('[data-testid="delivery-row"][data-status="delivered"]').count();
        },
        { timeout: 30_000 },
      )
      .toBeGreaterThan(0);
    const delivered = page.locator('[data-testid="delivery-row"][data-status="delivered"]').first();
    await expect(delivered).toContainText("webhook.test");
    await expect(delivered).toContainText(/1 of \d+/);
    await expect(delivered).toContainText("200");
  } finally {
    await receiver.close();
  }
});
