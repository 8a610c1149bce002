import type { BrowserContext } from "@playwright/test";
import { signIn, testAdmin } from "@/test/support/auth";

/** Signs the browser context in (through the API, quickly) as `who`, the bootstrap admin by default. */
export async function signInBrowser(
  context: BrowserContext,
  appUrl: string,
  who: { email: string; password: string } = testAdmin,
): Promise<void> {
  const cookie = await signIn(appUrl, who.email, who.password);
  const [name, value] = [cookie.slice(0, cookie.indexOf("=")), cookie.slice(cookie.indexOf("=") + 1)];
  await context.addCookies([{ name, value, url: appUrl, httpOnly: true, sameSite: "Lax" }]);
}
