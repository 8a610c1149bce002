/**
 * Signing in to the real app from tests: the secrets every test app starts with, the bootstrap
 * admin it creates, and a sign-in through better-auth's own endpoint that answers the cookie.
 * Imports no server-only code, so vitest and Playwright can both use it.
 */
export const testAuthSecret = "test-auth-secret-0123456789-0123456789-abcdef";
export const testAdmin = { email: "admin@example.com", password: "test-admin-password-0123" };
export const testCronSecret = "test-cron-secret-0123456789";
export const testMetricsToken = "test-metrics-token-0123456789";

/** The environment a test app starts with for sign-in (tests raise the rate limit; one test lowers it). */
export const testAuthEnv: Record<string, string> = {
  AUTH_SECRET: testAuthSecret,
  AUTH_BOOTSTRAP_ADMIN_EMAIL: testAdmin.email,
  AUTH_BOOTSTRAP_ADMIN_PASSWORD: testAdmin.password,
  AUTH_RATE_LIMIT_PER_MINUTE: "100000",
  CRON_SECRET: testCronSecret,
  METRICS_TOKEN: testMetricsToken,
};

/** Signs in with email + password; answers the `Cookie` header value of the new session. */
export async function signIn(appUrl: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${appUrl}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: appUrl },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok)
    throw new Error(`sign-in of ${email} failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .find((c) => c.startsWith("sr.session_token="));
  if (!cookie) throw new Error(`sign-in of ${email} set no session cookie`);
  return cookie;
}
