import { expect, test } from "@playwright/test";
import { signInBrowser } from "./support/sign-in";

test("the status page names the app, the PostgreSQL server and the answering cluster", async ({
  page,
  baseURL,
}, testInfo) => {
  await signInBrowser(page.context(), baseURL!);
  await page.goto("/status");
  await expect(page.getByRole("heading", { name: "Session Reconciler" })).toBeVisible();

  const database = page.getByTestId("database-status");
  await expect(database).toHaveAttribute("data-ok", "true");
  await expect(database).toContainText("PostgreSQL server");
  await expect(database).not.toContainText("session_reconciler:session_reconciler@");

  const cluster = page.getByTestId("cluster-status");
  await expect(cluster).toHaveAttribute("data-ok", "true");
  await expect(cluster).toContainText(/v1\.34\.\d+/);

  // A stable path for people and CI artifacts, besides the attachment in the report.
  const screenshot = "test-results/screenshots/home.png";
  await page.screenshot({ path: screenshot, fullPage: true });
  await testInfo.attach("home", { path: screenshot, contentType: "image/png" });
});
