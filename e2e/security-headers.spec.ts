import { expect, test } from "@playwright/test";
import { signInBrowser } from "./support/sign-in";

// Every page carries the security headers, and the dashboard works under its CSP: the browser
// reports no violation while the page loads, hydrates and refreshes, and refuses an injected inline handler.
test("pages are served with the security headers and work under the CSP", async ({ page, baseURL }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  await signInBrowser(page.context(), baseURL!);
  const response = await page.goto("/sessions");
  const headers = response!.headers();
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["content-security-policy"]).toContain("default-src 'self'");
  // Scripts run by nonce, fresh per page load; inline scripts without it do not.
  const scriptSrc = /script-src ([^;]*)/.exec(headers["content-security-policy"]!)![1]!;
  expect(scriptSrc).toMatch(/'nonce-[A-Za-z0-9+/=]{20,}' 'strict-dynamic'/);
  expect(scriptSrc).not.toContain("unsafe-inline");
  const again = await page.request.get("/sessions");
  expect(again.headers()["content-security-policy"]).not.toBe(headers["content-security-policy"]);
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-powered-by"]).toBeUndefined();

  // Hydrated and interactive: the filter writes to the URL, and a refresh cycle passes.
  await page.getByLabel("Search").fill("no-such-session");
  await expect(page).toHaveURL(/q=no-such-session/);
  await page.waitForTimeout(3_500);
  await page.goto("/status");
  await expect(page.getByTestId("cluster-status")).toHaveAttribute("data-ok", "true");
  expect(violations).toEqual([]);

  const api = await page.request.get("/api/healthz");
  expect(api.headers()["x-content-type-options"]).toBe("nosniff");
  expect(api.headers()["content-security-policy"]).toContain("script-src 'self';");

  // Markup injected into the page (the classic XSS) cannot run its inline handler: no nonce.
  await page.evaluate(() => {
    const holder = document.createElement("div");
    holder.innerHTML = `<img src="data:," onload="window.__injected = true" onerror="window.__injected = true">`;
    document.body.appendChild(holder);
  });
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => (window as { __injected?: boolean }).__injected)).toBeUndefined();
});
