import { expect, test, type Page } from "@playwright/test";
import { signInBrowser } from "./support/sign-in";

// The frame around every page, in Chromium against the real app: titles, the current section,
// the skip link, the not-found page, dark mode without a CSP violation, and times that hydrate
// cleanly in a browser that is not in UTC.

const sections = [
  { path: "/sessions", label: "Sessions", title: "Sessions · Session Reconciler" },
  { path: "/agents", label: "Agents", title: "Agents · Session Reconciler" },
  { path: "/runs", label: "Runs", title: "Runs · Session Reconciler" },
  { path: "/quarantine", label: "Quarantine", title: "Quarantine · Session Reconciler" },
  { path: "/audit", label: "Audit log", title: "Audit log · Session Reconciler" },
  { path: "/status", label: "Status", title: "Status · Session Reconciler" },
  { path: "/users", label: "Users", title: "Users · Session Reconciler" },
];

/** Console errors and uncaught page errors, and CSP refusals, while the test runs. */
function watchConsole(page: Page) {
  const seen = { errors: [] as string[], csp: [] as string[] };
  page.on("console", (message) => {
    if (message.type() === "error") seen.errors.push(message.text());
    if (/Content Security Policy|Refused to/i.test(message.text())) seen.csp.push(message.text());
  });
  page.on("pageerror", (error) => seen.errors.push(error.message));
  return seen;
}

test("each page has its title, and its section link is the current one", async ({ page, baseURL }) => {
  await signInBrowser(page.context(), baseURL!);
  const nav = page.getByRole("navigation", { name: "Main" });
  for (const section of sections) {
    await page.goto(section.path);
    await expect(page).toHaveTitle(section.title);
    await expect(nav.getByRole("link", { name: section.label, exact: true })).toHaveAttribute(
      "aria-current",
      "page",
    );
    await expect(nav.locator("[aria-current=page]")).toHaveCount(1);
  }
});

test("the skip link is the first stop and moves focus to the main content", async ({ page, baseURL }) => {
  await signInBrowser(page.context(), baseURL!);
  await page.goto("/sessions");
  await expect(page.getByRole("heading", { name: "Sessions" })).toBeVisible();
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press("Enter");
  await expect(page.locator("main#main")).toBeFocused();
});

test("an unknown path answers 404 with the not-found page", async ({ page, baseURL }) => {
  await signInBrowser(page.context(), baseURL!);
  const response = await page.goto("/no-such-page");
  expect(response!.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(page).toHaveTitle("Not found · Session Reconciler");
  await page.getByRole("link", { name: "Back to Sessions" }).click();
  await expect(page).toHaveURL(/\/sessions$/);
});

test("dark mode follows the system, and the chosen theme survives a reload", async ({ page, baseURL }) => {
  const seen = watchConsole(page);
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
  await signInBrowser(page.context(), baseURL!);

  await page.emulateMedia({ colorScheme: "light" });
  await page.goto("/sessions");
  expect(await theme()).toBe("light");
  const light = await background();

  await page.emulateMedia({ colorScheme: "dark" });
  await expect.poll(theme).toBe("dark"); // follows a change of the system preference live
  const dark = await background();
  expect(dark).not.toBe(light);

  // Chosen light in a dark system: kept across a reload, and applied before the page hydrates.
  await page.getByLabel("Theme").selectOption("light");
  await expect.poll(theme).toBe("light");
  await page.reload({ waitUntil: "domcontentloaded" });
  expect(await theme()).toBe("light");
  await expect(page.getByLabel("Theme")).toHaveValue("light");
  expect(await background()).toBe(light);

  // Chosen dark in a light system, the same.
  await page.emulateMedia({ colorScheme: "light" });
  await page.getByLabel("Theme").selectOption("dark");
  await page.goto("/runs", { waitUntil: "domcontentloaded" });
  expect(await theme()).toBe("dark");
  expect(await background()).toBe(dark);
  await expect(page.getByRole("heading", { name: "Reconcile runs" })).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/runs-dark.png", fullPage: true });

  // Back to the system's.
  await page.getByLabel("Theme").selectOption("system");
  await expect.poll(theme).toBe("light");
  await page.reload();
  expect(await theme()).toBe("light");
  expect(seen.csp).toEqual([]);
});

test.describe("in a browser in New York", () => {
  test.use({ timezoneId: "America/New_York" });

  test("pages with times hydrate without a mismatch, and state their times in UTC", async ({
    page,
    baseURL,
  }) => {
    const seen = watchConsole(page);
    await signInBrowser(page.context(), baseURL!);
    expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe(
      "America/New_York",
    );
    for (const path of ["/sessions", "/runs", "/status"]) {
      await page.goto(path);
      await page.waitForTimeout(1_000); // hydration, and a first poll
    }
    const hydration = seen.errors.filter((e) =>
      /hydrat|did not match|Minified React error #(418|423|425)/i.test(e),
    );
    expect(hydration).toEqual([]);

    // On /status the check time counts from the browser's clock once hydrated; its title is UTC.
    const checked = page.locator("p", { hasText: /^Checked/ }).locator("time");
    await expect(checked).toHaveText(/^\d+ s ago$/);
    const iso = (await checked.getAttribute("datetime"))!;
    await expect(checked).toHaveAttribute("title", `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`);

    await page.goto("/sessions");
    const asOf = page.getByRole("region", { name: "Cluster freshness" }).locator("time").last();
    await expect(asOf).toHaveText(/ UTC$/);
    const at = (await asOf.getAttribute("datetime"))!;
    await expect(asOf).toHaveText(`${at.slice(0, 10)} ${at.slice(11, 19)} UTC`);
  });
});
