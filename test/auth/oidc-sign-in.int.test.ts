import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, userAccounts, users, userSessions } from "@/lib/db/schema";
import { testAdmin } from "@/test/support/auth";
import { testEnvironment } from "@/test/support/kube";
import {
  followToCallback,
  startOidcProvider,
  TestBrowser,
  type OidcProvider,
} from "@/test/support/oidc-provider";
import { startPlatform, type Platform } from "@/test/support/platform";

/**
 * Single sign-on end to end: the real app (`next start`, better-auth's generic OAuth plugin) against
 * a real OpenID Connect provider (oidc-provider: discovery, authorization with PKCE, token
 * endpoint, signed ID token, userinfo), walked like a browser would, with fetch and a cookie jar.
 */

/**
 * What the sign-in page calls (components/auth/use-sign-in.ts), and the redirect URI an operator
 * registers at the provider, where it sends the person back (lib/auth/auth.ts).
 */
const signInPath = "/api/auth/sign-in/social";
const callbackPath = "/api/auth/callback/oidc";
const signInBody = { provider: "oidc", callbackURL: "/sessions", errorCallbackURL: "/sign-in?error=sso" };

describe("single sign-on through a real OpenID Connect provider", () => {
  let idp: OidcProvider | undefined;
  let viewerApp: Platform | undefined;
  let noRoleApp: Platform | undefined;

  beforeAll(async () => {
    idp = await startOidcProvider();
    viewerApp = await startPlatform(testEnvironment(), { ...idp.appEnv, AUTH_OIDC_DEFAULT_ROLE: "viewer" });
    noRoleApp = await startPlatform(testEnvironment(), { ...idp.appEnv, AUTH_OIDC_DEFAULT_ROLE: "none" });
    await idp.allowRedirectUri(`${viewerApp.app.url}${callbackPath}`);
    await idp.allowRedirectUri(`${noRoleApp.app.url}${callbackPath}`);
  });

  afterAll(async () => {
    await noRoleApp?.stop();
    await viewerApp?.stop();
    await idp?.stop();
  });

  /** Starts the sign-in at the app and lets the provider sign the person in; answers the callback URL. */
  async function signInAtProvider(browser: TestBrowser, appUrl: string, provider = idp!): Promise<URL> {
    const response = await browser.request(`${appUrl}${signInPath}`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: appUrl },
      body: JSON.stringify(signInBody),
    });
    const text = await response.text();
    expect(response.status, `POST ${signInPath} answered ${response.status}: ${text}`).toBe(200);
    const { url } = JSON.parse(text) as { url?: string };
    expect(url, text).toBeTruthy();

    const authorize = new URL(url!);
    expect(authorize.origin).toBe(provider.issuer);
    expect(authorize.searchParams.get("client_id")).toBe(provider.clientId);
    expect(authorize.searchParams.get("redirect_uri")).toBe(`${appUrl}${callbackPath}`);
    expect(authorize.searchParams.get("response_type")).toBe("code");
    expect(authorize.searchParams.get("scope")?.split(" ")).toEqual(
      expect.arrayContaining(["openid", "email", "profile"]),
    );
    expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorize.searchParams.get("state")).toBeTruthy();

    const callback = await followToCallback(browser, url!, `${appUrl}${callbackPath}`, provider);
    expect(callback.searchParams.get("code"), callback.href).toBeTruthy();
    expect(callback.searchParams.get("state")).toBe(authorize.searchParams.get("state"));
    expect(callback.searchParams.get("iss")).toBe(provider.issuer);
    return callback;
  }

  async function signedInCount(platform: Platform) {
    const [sessions] = await platform.handle.db.select({ n: count() }).from(userSessions);
    const [audits] = await platform.handle.db
      .select({ n: count() })
      .from(auditEvents)
      .where(eq(auditEvents.action, "auth.signed_in"));
    return { sessions: sessions!.n, audits: audits!.n };
  }

  it("signs a new person in; with AUTH_OIDC_DEFAULT_ROLE=viewer they see /sessions", async () => {
    const platform = viewerApp!;
    const appUrl = platform.app.url;
    const browser = new TestBrowser();
    const callback = await signInAtProvider(browser, appUrl);

    const answer = await browser.request(callback);
    const location = answer.headers.get("location");
    expect([302, 303, 307], `callback answered ${answer.status} → ${location}`).toContain(answer.status);
    expect(new URL(location!, appUrl).href, `callback redirected to ${location}`).toBe(`${appUrl}/sessions`);
    expect(browser.cookie("sr.session_token"), "the callback set no session cookie").toBeTruthy();

    const page = await browser.request(`${appUrl}/sessions`);
    expect(page.status).toBe(200);

    const session = await (await browser.request(`${appUrl}/api/auth/get-session`)).json();
    expect(session?.user?.email).toBe(idp!.user.email);

    const [user] = await platform.handle.db.select().from(users).where(eq(users.email, idp!.user.email));
    expect(user).toMatchObject({
      email: idp!.user.email,
      name: idp!.user.name,
      emailVerified: true,
      role: "viewer",
    });
    const accounts = await platform.handle.db
      .select({ providerId: userAccounts.providerId, accountId: userAccounts.accountId })
      .from(userAccounts)
      .where(eq(userAccounts.userId, user!.id));
    expect(accounts).toEqual([{ providerId: "oidc", accountId: idp!.user.sub }]);

    const audit = await platform.handle.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "auth.signed_in"), eq(auditEvents.actorId, idp!.user.email)));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorType: "user", details: { method: "oidc" } });
  });

  it("with the default role none the person is signed in but /sessions sends them to /no-access", async () => {
    const platform = noRoleApp!;
    const appUrl = platform.app.url;
    const browser = new TestBrowser();
    const callback = await signInAtProvider(browser, appUrl);

    const answer = await browser.request(callback);
    expect(new URL(answer.headers.get("location") ?? "", appUrl).href).toBe(`${appUrl}/sessions`);
    expect(browser.cookie("sr.session_token"), "the callback set no session cookie").toBeTruthy();

    const page = await browser.request(`${appUrl}/sessions`);
    expect(page.status).toBe(307);
    expect(new URL(page.headers.get("location") ?? "", appUrl).pathname).toBe("/no-access");
    expect((await browser.request(`${appUrl}/no-access`)).status).toBe(200);

    const [user] = await platform.handle.db.select().from(users).where(eq(users.email, idp!.user.email));
    expect(user?.role).toBe("none");
  });

  it("a callback without the state cookie, or with a forged state, signs nobody in", async () => {
    const platform = viewerApp!;
    const appUrl = platform.app.url;
    const before = await signedInCount(platform);

    // The provider's answer reaches a browser that never started this sign-in (no state cookie).
    const withoutCookie = new TestBrowser();
    const callback = await signInAtProvider(withoutCookie, appUrl);
    withoutCookie.deleteCookie("sr.state");
    const refused = await withoutCookie.request(callback);
    expect(refused.status).toBe(302);
    const refusedAt = new URL(refused.headers.get("location") ?? "", appUrl);
    expect(refusedAt.pathname).toBe("/sign-in");
    expect(refusedAt.searchParams.getAll("error")).toContain("sso");
    expect(withoutCookie.cookie("sr.session_token")).toBeUndefined();

    // A state the app never issued (the code is genuine, from this browser's own sign-in).
    const forged = new TestBrowser();
    const genuine = await signInAtProvider(forged, appUrl);
    genuine.searchParams.set("state", "forged-state-0123456789abcdef");
    const rejected = await forged.request(genuine);
    expect(rejected.status).toBe(302);
    const rejectedAt = new URL(rejected.headers.get("location") ?? "", appUrl);
    // Our sign-in page (onAPIError.errorURL), with better-auth's reason appended.
    expect(rejectedAt.pathname, rejectedAt.href).toBe("/sign-in");
    expect(rejectedAt.searchParams.getAll("error"), rejectedAt.href).toEqual(["sso", "state_mismatch"]);
    expect(forged.cookie("sr.session_token")).toBeUndefined();

    expect(await signedInCount(platform)).toEqual(before);
  });

  it("someone who declines at the provider lands on the sign-in page, which says SSO did not complete", async () => {
    const platform = viewerApp!;
    const appUrl = platform.app.url;
    const before = await signedInCount(platform);
    const browser = new TestBrowser();
    const callback = await signInAtProvider(browser, appUrl);

    // What the provider answers when the person refuses consent (RFC 6749 4.1.2.1), same state.
    const declined = new URL(callback.pathname, appUrl);
    declined.searchParams.set("error", "access_denied");
    declined.searchParams.set("state", callback.searchParams.get("state")!);
    declined.searchParams.set("iss", idp!.issuer);
    const answer = await browser.request(declined);
    expect(answer.status).toBe(302);
    const landing = new URL(answer.headers.get("location") ?? "", appUrl);
    expect(landing.pathname).toBe("/sign-in");
    expect(browser.cookie("sr.session_token")).toBeUndefined();

    const page = await browser.request(landing);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(
      html.includes("Single sign-on did not complete"),
      `the sign-in page at ${landing.href} shows no SSO message`,
    ).toBe(true);
    expect(await signedInCount(platform)).toEqual(before);
  });

  it("refuses an SSO identity that claims the email of an existing password user: no takeover", async () => {
    const impostor = await startOidcProvider({
      user: { sub: "impostor-1", email: testAdmin.email, name: "Not the admin" },
    });
    const platform = await startPlatform(testEnvironment(), {
      ...impostor.appEnv,
      AUTH_OIDC_DEFAULT_ROLE: "viewer",
    });
    try {
      await impostor.allowRedirectUri(`${platform.app.url}${callbackPath}`);
      const before = await signedInCount(platform);
      const browser = new TestBrowser();
      const answer = await browser.request(await signInAtProvider(browser, platform.app.url, impostor));
      const landedAt = new URL(answer.headers.get("location") ?? "", platform.app.url);
      expect(landedAt.pathname, landedAt.href).toBe("/sign-in");
      expect(landedAt.searchParams.getAll("error")).toContain("sso");
      expect(browser.cookie("sr.session_token")).toBeUndefined();
      expect(await signedInCount(platform)).toEqual(before);
    } finally {
      await platform.stop();
      await impostor.stop();
    }
  });
});
