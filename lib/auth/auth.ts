import "server-only";
import type { BlockList } from "node:net";
import { betterAuth } from "better-auth";
import { APIError, createAuthMiddleware, isAPIError } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import { genericOAuth } from "better-auth/plugins";
import { z } from "zod";
import { getEnv, type AppEnv } from "@/lib/config/env";
import { getAuthDatabaseAdapter, type AuthDatabaseAdapter } from "@/lib/db/auth-adapter";
import { recordAudit } from "@/lib/db/writers/audit";
import { unavailable } from "@/lib/http/errors";
import { deriveClientAddress, trustedProxyList } from "@/lib/http/client-address";
import { countFailedAttempt, secondsUntilAllowed, tooManyAttemptsMessage } from "./rate-limit";

/** The provider id of the OIDC single sign-on (callback: /api/auth/callback/oidc). */
export const oidcProviderId = "oidc";

function createAuth(database: AuthDatabaseAdapter, env: AppEnv & { AUTH_SECRET: string }) {
  const perMinute = env.AUTH_RATE_LIMIT_PER_MINUTE;
  return betterAuth({
    appName: "Session Reconciler",
    secret: env.AUTH_SECRET,
    // Without AUTH_URL only this machine is trusted (the demo and tests, on any port); an
    // installation reached by other names sets AUTH_URL, and only that origin may sign in.
    baseURL: env.AUTH_URL ?? {
      allowedHosts: ["localhost:*", "127.0.0.1:*", "localhost", "127.0.0.1"],
      protocol: "http",
    },
    basePath: "/api/auth",
    database,
    telemetry: { enabled: false },
    // A failed SSO round trip (a forged or expired state) lands on our sign-in page, not better-auth's.
    onAPIError: { errorURL: "/sign-in?error=sso" },
    // An SSO provider asserting someone's email must not take over that person's account (the
    // bootstrap admin's, say): no implicit linking by email; such a sign-in is refused.
    account: { accountLinking: { disableImplicitLinking: true } },
    // People are added by an admin (or the bootstrap admin by configuration), never by signing up.
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 12, maxPasswordLength: 256 },
    user: {
      additionalFields: {
        // Never settable by the person themselves (input: false); admins change it through
        // lib/actions/users. A first SSO sign-in gets AUTH_OIDC_DEFAULT_ROLE.
        role: { type: "string", input: false, required: false, defaultValue: env.AUTH_OIDC_DEFAULT_ROLE },
      },
    },
    session: {
      expiresIn: env.AUTH_SESSION_HOURS * 3600,
      updateAge: Math.min(3600, env.AUTH_SESSION_HOURS * 900),
    },
    rateLimit: {
      enabled: true,
      storage: "database",
      window: 60,
      max: perMinute * 10,
      customRules: {
        "/sign-in/*": { window: 60, max: perMinute },
        "/callback/*": { window: 60, max: perMinute },
      },
    },
    advanced: {
      cookiePrefix: "sr",
      database: { generateId: () => crypto.randomUUID() },
      // The address better-auth limits by is the one we limit by: app/api/auth sets this header
      // from `clientAddress` (and drops any a client sent).
      ipAddress: { ipAddressHeaders: [clientAddressHeader] },
    },
    // A stolen cookie must not become a password oracle; nothing here needs this endpoint.
    disabledPaths: ["/verify-password"],
    plugins: [...oidcPlugins(env), nextCookies()],
    hooks: { before: limitPasswordAttempts, after: countAndAuditSignIns },
  });
}

export type Auth = ReturnType<typeof createAuth>;

/** The OIDC single sign-on, when its issuer, client id and secret are all configured. */
function oidcPlugins(env: AppEnv) {
  if (!env.AUTH_OIDC_ISSUER || !env.AUTH_OIDC_CLIENT_ID || !env.AUTH_OIDC_CLIENT_SECRET) return [];
  return [
    genericOAuth({
      config: [
        {
          providerId: oidcProviderId,
          discoveryUrl: `${env.AUTH_OIDC_ISSUER.replace(/\/$/, "")}/.well-known/openid-configuration`,
          clientId: env.AUTH_OIDC_CLIENT_ID,
          clientSecret: env.AUTH_OIDC_CLIENT_SECRET,
          scopes: ["openid", "email", "profile"],
          pkce: true,
        },
      ],
    }),
  ];
}

/** Where the password is checked: attempts there are limited per address and failures counted. */
const passwordPaths = ["/sign-in/email", "/change-password"];

/** Before a password is checked: an address past its failures waits (429). */
const limitPasswordAttempts = createAuthMiddleware(async (ctx) => {
  if (!passwordPaths.includes(ctx.path)) return;
  const wait = await secondsUntilAllowed((ctx.request && clientAddress(ctx.request)) ?? "unknown");
  if (wait > 0) throw new APIError("TOO_MANY_REQUESTS", { message: tooManyAttemptsMessage(wait) });
});

/** After: a failed password counts against the address; failed and successful sign-ins are audited. */
const countAndAuditSignIns = createAuthMiddleware(async (ctx) => {
  const ip = ctx.request ? clientAddress(ctx.request) : undefined;
  const failed = isAPIError(ctx.context.returned) ? ctx.context.returned : undefined;
  if (failed && passwordPaths.includes(ctx.path) && [400, 401].includes(failed.statusCode)) {
    await countFailedAttempt(ip ?? "unknown");
  }
  if (ctx.path === "/sign-in/email" && failed) {
    // Only something that is an email is kept: a password typed into the email field is not.
    const typed = typeof ctx.body?.email === "string" ? ctx.body.email.slice(0, 200) : "";
    const email = z.email().safeParse(typed).success ? typed : "(not an email address)";
    await recordAudit({
      actor: { type: "anonymous", id: ip ?? "unknown" },
      action: "auth.sign_in_failed",
      details: { email, method: "password", status: failed.statusCode },
      now: new Date(),
    });
    return;
  }
  const created = ctx.context.newSession;
  if (created && (ctx.path.startsWith("/sign-in") || ctx.path.startsWith("/callback/"))) {
    await recordAudit({
      actor: { type: "user", id: created.user.email },
      action: "auth.signed_in",
      details: { method: ctx.path.startsWith("/callback/") ? "oidc" : "password", ip },
      now: new Date(),
    });
  }
});

/** The header app/api/auth/[...all] passes the client's address to better-auth in. */
export const clientAddressHeader = "x-session-reconciler-client-address";

/** The address a request came from: the socket's peer, or past trusted proxies (TRUSTED_PROXIES). */
export function clientAddress(request: Request): string | undefined {
  const entries = getEnv().TRUSTED_PROXIES;
  const key = entries.join(",");
  if (trustedProxies?.key !== key) trustedProxies = { key, list: trustedProxyList(entries) };
  return deriveClientAddress(request.headers, trustedProxies.list);
}
let trustedProxies: { key: string; list: BlockList } | undefined;

const globalForAuth = globalThis as typeof globalThis & { __sessionReconcilerAuth?: Promise<Auth> };

/**
 * The process's better-auth instance (sign-in, sessions in our database, OIDC). Fails closed:
 * without AUTH_SECRET nobody can sign in, and the error says which variable to set.
 */
export function getAuth(): Promise<Auth> {
  const env = getEnv();
  const secret = env.AUTH_SECRET;
  if (!secret) {
    return Promise.reject(
      unavailable("AUTH_SECRET is not set; sign-in is disabled until it is (at least 32 random characters)"),
    );
  }
  if (!globalForAuth.__sessionReconcilerAuth) {
    const creating = getAuthDatabaseAdapter().then((database) =>
      createAuth(database, { ...env, AUTH_SECRET: secret }),
    );
    globalForAuth.__sessionReconcilerAuth = creating;
    // A failed start (database down) is not kept: the next request tries again.
    creating.catch(() => {
      if (globalForAuth.__sessionReconcilerAuth === creating)
        globalForAuth.__sessionReconcilerAuth = undefined;
    });
  }
  return globalForAuth.__sessionReconcilerAuth;
}
