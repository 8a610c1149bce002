import { expect, type Page } from "@playwright/test";

/**
 * Waits until the sessions page has hydrated: its automation header is fetched by the client, so
 * once it shows, clicks and keys reach React (before, a click on a server-rendered button is lost).
 */
export const sessionsPageHydrated = (page: Page) =>
  expect(page.getByTestId("automation-summary")).toBeVisible();
