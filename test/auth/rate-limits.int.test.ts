import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testAdmin, testCronSecret } from "@/test/support/auth";
import { testEnvironment } from "@/test/support/kube";
import { startAppPlatform, type AppPlatform } from "@/test/support/app-platform";

// With AUTH_RATE_LIMIT_PER_MINUTE=3: after three failed sign-ins from one address, its next
// attempt gets 429 even with the right password — and only its. On the machine endpoints failures
// are counted per address and per identity the token claims, and a valid token always passes:
// nobody can lock the agents out (and have their sessions ended as lost). Here the test is the
// app's proxy (TRUSTED_PROXIES names the loopback), so X-Forwarded-For says the client's address.
describe("rate limits", () => {
  let platform: AppPlatform;

  beforeAll(async () => {
    platform = await startAppPlatform(testEnvironment(), {
      AUTH_RATE_LIMIT_PER_MINUTE: "3",
      TRUSTED_PROXIES: "127.0.0.1,::1",
    });
  }, 120_000);
  afterAll(async () => {
    await platform?.stop();
  });

  it("limits sign-in attempts per address", async () => {
    const attempt = async (password: string, headers: Record<string, string> = {}) =>
      (
        await fetch(`${platform.app.url}/api/auth/sign-in/email`, {
          method: "POST",
          headers: { "content-type": "application/json", origin: platform.app.url, ...headers },
          body: JSON.stringify({ email: testAdmin.email, password }),
        })
      ).status;
    const statuses = [];
    for (const password of ["wrong-password-0001", "wrong-password-0002", "wrong-password-0003"]) {
      statuses.push(await attempt(password));
    }
    statuses.push(await attempt(testAdmin.password));
    expect(statuses).toEqual([401, 401, 401, 429]);
    // Someone at another address signs in: one address's failures lock out nobody else.
    expect(await attempt(testAdmin.password, { "x-forwarded-for": "203.0.113.9" })).toBe(200);
  });

  it("limits failed bearer tokens per address and per identity, and always lets a valid one through", async () => {
    // Its own address, so the failed sign-ins of the test above do not count against it.
    const call = async (
      token: string,
      headers: Record<string, string> = { "x-forwarded-for": "192.0.2.10" },
    ) => {
      const response = await fetch(`${platform.app.url}/api/cron/reconcile?dryRun=1`, {
        headers: { authorization: `Bearer ${token}`, ...headers },
      });
      return { status: response.status, body: (await response.json()) as { error?: { message: string } } };
    };
    const statuses = [(await call(testCronSecret)).status];
    for (let i = 0; i < 3; i++) statuses.push((await call(`wrong-cron-secret-000${i}`)).status);
    const limited = await call("wrong-cron-secret-0004");
    statuses.push(limited.status, (await call(testCronSecret)).status);
    expect(statuses).toEqual([200, 401, 401, 401, 429, 200]);
    expect(limited.body.error?.message).toMatch(/too many failed attempts from this address; retry in \d+ s/);

    // A fresh address per guess does not escape the count on the identity (the cron secret).
    expect((await call("wrong-cron-secret-0005", { "x-forwarded-for": "192.0.2.99" })).status).toBe(429);
    expect((await call(testCronSecret, { "x-forwarded-for": "192.0.2.11" })).status).toBe(200);
  });
});

// Nothing in front of the app (no TRUSTED_PROXIES): the address is the socket's, and a client
// that writes its own X-Forwarded-For — a fresh one per guess — is still counted as itself.
describe("rate limits without a trusted proxy", () => {
  let platform: AppPlatform;

  beforeAll(async () => {
    platform = await startAppPlatform(testEnvironment(), { AUTH_RATE_LIMIT_PER_MINUTE: "3" });
  }, 120_000);
  afterAll(async () => {
    await platform?.stop();
  });

  it("ignores a forged X-Forwarded-For: a new address per guess does not escape the limit", async () => {
    const attempt = async (password: string, forwardedFor: string) =>
      (
        await fetch(`${platform.app.url}/api/auth/sign-in/email`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            origin: platform.app.url,
            "x-forwarded-for": forwardedFor,
          },
          body: JSON.stringify({ email: testAdmin.email, password }),
        })
      ).status;
    const statuses = [];
    for (let i = 1; i <= 4; i++) statuses.push(await attempt(`wrong-password-000${i}`, `203.0.113.${i}`));
    statuses.push(await attempt(testAdmin.password, "203.0.113.99"));
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  });
});
