import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actionAccess, pageAccess, routeAccess } from "@/lib/auth/policy";
import { revokeAgentCredential } from "@/lib/db/queries/agents";
import { auditEvents } from "@/lib/db/schema";
import { testAdmin, testCronSecret, testMetricsToken } from "@/test/support/auth";
import { testEnvironment } from "@/test/support/kube";
import { bootstrapToken, platformToken, startPlatform, type Platform } from "@/test/support/platform";
import { repoRoot } from "@/test/support/processes";
import { callServerAction, readBuiltActions, type BuiltAction } from "@/test/support/server-actions";
import { signInAs } from "@/test/support/users";

/**
 * Every page, route handler and server action × every kind of caller, against the real app and
 * database: allowed or denied exactly as written below. The expectations are written here, not
 * read from lib/auth/policy.ts, so a wrong rule there fails; and a page, route, method or action
 * that exists in the code without a line here (or without a rule there) fails too.
 */

const identities = [
  "anonymous",
  "no-role",
  "viewer",
  "operator",
  "admin",
  "agent",
  "revoked-agent",
  "cron",
  "platform",
  "bootstrap",
  "metrics",
] as const;
type Identity = (typeof identities)[number];

/** Who each expectation lets in. */
const audiences = {
  public: [...identities],
  "signed-in": ["no-role", "viewer", "operator", "admin"],
  viewer: ["viewer", "operator", "admin"],
  operator: ["operator", "admin"],
  admin: ["admin"],
  agent: ["agent"],
  cron: ["cron"],
  platform: ["platform"],
  bootstrap: ["bootstrap"],
  "viewer-or-metrics": ["viewer", "operator", "admin", "metrics"],
} satisfies Record<string, Identity[]>;
type Audience = keyof typeof audiences;

const expectedPages: Record<string, { audience: Audience; url: string }> = {
  "/": { audience: "viewer", url: "/" },
  "/sign-in": { audience: "public", url: "/sign-in" },
  "/no-access": { audience: "signed-in", url: "/no-access" },
  "/sessions": { audience: "viewer", url: "/sessions" },
  "/sessions/[id]": { audience: "viewer", url: "/sessions/s-unknown" },
  "/agents": { audience: "viewer", url: "/agents" },
  "/runs": { audience: "viewer", url: "/runs" },
  "/runs/[id]": { audience: "viewer", url: "/runs/999999" },
  "/audit": { audience: "viewer", url: "/audit" },
  "/status": { audience: "viewer", url: "/status" },
  "/quarantine": { audience: "viewer", url: "/quarantine" },
  "/users": { audience: "admin", url: "/users" },
  "/settings": { audience: "admin", url: "/settings" },
  "/settings/notifications": { audience: "admin", url: "/settings/notifications" },
};

// Allowed calls are made harmless: unknown ids, bodies that fail validation, a dry run.
const expectedRoutes: Record<string, { audience: Audience; url: string; body?: unknown }> = {
  "GET /api/auth/[...all]": { audience: "public", url: "/api/auth/get-session" },
  "POST /api/auth/[...all]": { audience: "public", url: "/api/auth/sign-in/email", body: {} },
  "GET /api/healthz": { audience: "public", url: "/api/healthz" },
  "GET /api/readyz": { audience: "public", url: "/api/readyz" },
  "GET /api/status": { audience: "viewer", url: "/api/status" },
  "GET /api/dashboard/sessions": { audience: "viewer", url: "/api/dashboard/sessions?pageSize=1" },
  "GET /api/dashboard/automation": { audience: "viewer", url: "/api/dashboard/automation" },
  "GET /api/export/sessions": {
    audience: "viewer",
    url: "/api/export/sessions?format=json&agent=agent-none",
  },
  "GET /api/export/audit": { audience: "viewer", url: "/api/export/audit?format=json&action=none.none" },
  "GET /api/metrics": { audience: "viewer-or-metrics", url: "/api/metrics" },
  "GET /api/cron/reconcile": { audience: "cron", url: "/api/cron/reconcile?dryRun=1" },
  "GET /api/v1/sessions": { audience: "platform", url: "/api/v1/sessions?limit=1" },
  "POST /api/v1/sessions": { audience: "platform", url: "/api/v1/sessions", body: { userId: 1 } },
  "GET /api/v1/sessions/[id]": { audience: "platform", url: "/api/v1/sessions/s-unknown" },
  "POST /api/v1/sessions/[id]/stop": {
    audience: "platform",
    url: "/api/v1/sessions/s-unknown/stop",
    body: {},
  },
  "GET /api/v1/agents": { audience: "platform", url: "/api/v1/agents" },
  "GET /api/v1/installation": { audience: "platform", url: "/api/v1/installation" },
  "POST /api/v1/agents/[id]/approval": {
    audience: "platform",
    url: "/api/v1/agents/agent-unknown/approval",
    body: { status: "approved" },
  },
  "POST /api/v1/agents/register": { audience: "bootstrap", url: "/api/v1/agents/register", body: {} },
  "POST /api/v1/agents/heartbeat": {
    audience: "agent",
    url: "/api/v1/agents/heartbeat",
    body: { inventory: [], waitSeconds: 0 },
  },
  "POST /api/v1/agents/commands/[id]/result": {
    audience: "agent",
    url: "/api/v1/agents/commands/999999/result",
    body: { status: "completed" },
  },
};

const expectedActions: Record<string, { audience: Audience; input: unknown }> = {
  "sessions/retry-stop": { audience: "operator", input: { sessionIds: ["s-unknown"] } },
  "sessions/force-terminate": { audience: "operator", input: { sessionIds: ["s-unknown"] } },
  "sessions/delete-resources": { audience: "operator", input: { sessionIds: ["s-unknown"] } },
  "sessions/restore-objects": { audience: "operator", input: { sessionIds: ["s-unknown"] } },
  "sessions/preview-operation": {
    audience: "operator",
    input: { operation: "force-terminate", sessionIds: ["s-unknown"] },
  },
  // Allowed callers get the count refusal (nothing matches 7): nothing runs.
  "sessions/bulk-over-filter": {
    audience: "operator",
    input: { operation: "retry-stop", filter: { agent: "agent-unknown" }, confirmCount: 7 },
  },
  "reconcile/preview-reconcile": { audience: "operator", input: {} },
  // Allowed callers get a validation error (not a plan hash): no pass runs.
  "reconcile/apply-reconcile": { audience: "operator", input: { planHash: "latest" } },
  // Past the blast-radius limit: admins only, the one rule of docs/security.md.
  "reconcile/apply-reconcile-past-limit": { audience: "admin", input: { planHash: "latest" } },
  // Stuck pods: admins only (pods:repair); an allowed caller gets "type the pod's name to confirm".
  ...Object.fromEntries(
    ["pods/remove-pod-finalizers", "pods/force-delete-pod"].map((action) => [
      action,
      {
        audience: "admin" as const,
        input: {
          sessionId: "s-000000000000",
          namespace: "x",
          name: "p",
          resourceVersion: "1",
          confirmName: "",
        },
      },
    ]),
  ),
  "agents/set-agent-approval": { audience: "admin", input: { agentId: "agent-unknown", status: "approved" } },
  "agents/revoke-agent": { audience: "admin", input: { agentId: "agent-unknown" } },
  "users/set-user-role": {
    audience: "admin",
    input: { userId: "00000000-0000-4000-8000-000000000000", expectedRole: "none", role: "viewer" },
  },
  "users/create-user": { audience: "admin", input: { email: "not-an-email", role: "viewer", password: "x" } },
  "users/sign-out-user": { audience: "admin", input: { userId: "00000000-0000-4000-8000-000000000000" } },
  "users/reset-password": {
    audience: "admin",
    input: { userId: "00000000-0000-4000-8000-000000000000", password: "a-new-password-0123" },
  },
  // Allowed callers get a validation error (a URL that is not one) or a not-found webhook.
  "settings/create-webhook": {
    audience: "admin",
    input: { name: "m", url: "not-a-url", format: "generic", events: ["run.failed"] },
  },
  "settings/delete-webhook": {
    audience: "admin",
    input: { webhookId: "00000000-0000-4000-8000-000000000000" },
  },
  "settings/set-webhook-enabled": {
    audience: "admin",
    input: { webhookId: "00000000-0000-4000-8000-000000000000", enabled: false },
  },
  "settings/send-test-webhook": {
    audience: "admin",
    input: { webhookId: "00000000-0000-4000-8000-000000000000" },
  },
  // Runtime settings and the pause: admins only; allowed callers get a validation error (out of
  // bounds, no reason), so nothing is changed.
  "settings/update-settings": { audience: "admin", input: { values: { STUCK_TERMINATING_SECONDS: -1 } } },
  "settings/set-automation-paused": { audience: "admin", input: { paused: true, reason: "" } },
};

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
  );
}

/** Pages and `METHOD /route` pairs as they exist in app/, and action names in lib/actions/. */
function discover() {
  const appDir = path.join(repoRoot, "app");
  const files = walk(appDir).map((f) => path.relative(appDir, f));
  const pattern = (file: string) => `/${path.dirname(file)}`.replace(/^\/\.$/, "/");
  const pages = files.filter((f) => path.basename(f) === "page.tsx").map(pattern);
  const routes = files
    .filter((f) => path.basename(f) === "route.ts")
    .flatMap((f) =>
      [
        ...readFileSync(path.join(appDir, f), "utf8").matchAll(
          /export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE)\b/g,
        ),
      ].map((m) => `${m[1]} ${pattern(f)}`),
    );
  const actionsDir = path.join(repoRoot, "lib", "actions");
  const actions = walk(actionsDir)
    .map((f) => path.relative(actionsDir, f))
    .filter((f) => f.endsWith("-action.ts") && f.includes("/")) // lib/actions/<domain>/<name>-action.ts
    .map((f) => f.replace(/-action\.ts$/, ""));
  return { pages: pages.sort(), routes: routes.sort(), actions: actions.sort() };
}

describe("authorization matrix", () => {
  const found = discover();

  it("has a rule in lib/auth/policy.ts and an expectation here for every page, route and action", () => {
    expect(Object.keys(pageAccess).sort()).toEqual(found.pages);
    expect(Object.keys(expectedPages).sort()).toEqual(found.pages);
    expect(Object.keys(routeAccess).sort()).toEqual(found.routes);
    expect(Object.keys(expectedRoutes).sort()).toEqual(found.routes);
    expect(Object.keys(actionAccess).sort()).toEqual(found.actions);
    expect(Object.keys(expectedActions).sort()).toEqual(found.actions);
  });

  it("wires every action through defineAction under its own name", () => {
    for (const name of found.actions) {
      const source = readFileSync(path.join(repoRoot, "lib", "actions", `${name}-action.ts`), "utf8");
      expect(source, name).toMatch(new RegExp(`defineAction\\(\\s*"${name}"`));
    }
  });

  describe("against the running app", () => {
    let platform: Platform;
    const headers = {} as Record<Identity, Record<string, string>>;
    let actionIds: Map<string, BuiltAction>;

    beforeAll(async () => {
      platform = await startPlatform(testEnvironment());
      const register = async (agentId: string) =>
        (
          await platform.api("POST", "/api/v1/agents/register", {
            token: bootstrapToken,
            body: { agentId, cluster: "it" },
          })
        ).body.token as string;
      const agentToken = await register("agent-good");
      const revokedToken = await register("agent-revoked");
      await revokeAgentCredential(platform.handle.db, {
        agentId: "agent-revoked",
        actor: { type: "system", id: "test" },
        now: new Date(),
      });
      const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
      const cookie = async (role: "none" | "viewer" | "operator" | "admin") => ({
        cookie: await signInAs(platform.handle.db, platform.app.url, role),
      });
      Object.assign(headers, {
        anonymous: {},
        "no-role": await cookie("none"),
        viewer: await cookie("viewer"),
        operator: await cookie("operator"),
        admin: await cookie("admin"),
        agent: bearer(agentToken),
        "revoked-agent": bearer(revokedToken),
        cron: bearer(testCronSecret),
        platform: bearer(platformToken),
        bootstrap: bearer(bootstrapToken),
        metrics: bearer(testMetricsToken),
      });
      actionIds = readBuiltActions();
    }, 120_000);
    afterAll(async () => {
      await platform?.stop();
    });

    it("serves each page only to whom it should; the others go to sign-in or no-access", async () => {
      const wrong: string[] = [];
      for (const [page, spec] of Object.entries(expectedPages)) {
        for (const who of identities) {
          const response = await fetch(`${platform.app.url}${spec.url}`, {
            headers: headers[who],
            redirect: "manual",
          });
          const location = response.headers.get("location") ?? "";
          const denied =
            response.status === 401 ||
            response.status === 403 ||
            (response.status >= 300 && response.status < 400 && /\/(sign-in|no-access)(\?|$)/.test(location));
          const allowed = (audiences[spec.audience] as readonly Identity[]).includes(who);
          if (denied === allowed || response.status >= 500) {
            wrong.push(`${page} as ${who}: ${response.status} ${location}`);
          }
        }
      }
      expect(wrong).toEqual([]);
    }, 120_000);

    it("answers each route only to whom it should, 401/403 to everyone else", async () => {
      const wrong: string[] = [];
      for (const [key, spec] of Object.entries(expectedRoutes)) {
        const method = key.split(" ")[0]!;
        for (const who of identities) {
          const response = await fetch(`${platform.app.url}${spec.url}`, {
            method,
            headers: {
              ...headers[who],
              ...(spec.body === undefined ? {} : { "content-type": "application/json" }),
              origin: platform.app.url,
            },
            body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
          });
          await response.arrayBuffer();
          const denied = response.status === 401 || response.status === 403;
          const allowed = (audiences[spec.audience] as readonly Identity[]).includes(who);
          // Public auth endpoints answer 401 to a failed sign-in: that is better-auth speaking.
          const ok = allowed ? !denied || key.startsWith("POST /api/auth") : denied;
          if (!ok || response.status >= 500) wrong.push(`${key} as ${who}: ${response.status}`);
        }
      }
      expect(wrong).toEqual([]);
    }, 120_000);

    it("runs each server action only for whom it should; forged calls change nothing and are audited", async () => {
      const before = await platform.tableCounts();
      const deniedBefore = (await platform.handle.db.select({ n: count() }).from(auditEvents))[0]!.n;
      const wrong: string[] = [];
      let denials = 0;
      for (const [name, spec] of Object.entries(expectedActions)) {
        const action = actionIds.get(name);
        expect(action, `${name} is in the build's action manifest`).toBeDefined();
        for (const who of identities) {
          const { status, text } = await callServerAction(
            platform.app.url,
            action!,
            spec.input,
            headers[who],
          );
          const denied = /"ok":false,"error":"(sign in first|[^"]* requires the \w+ role)/.test(text);
          const answered = /"ok":(true|false)/.test(text);
          const allowed = (audiences[spec.audience] as readonly Identity[]).includes(who);
          // Refusals of signed-in people are audited; anonymous ones are not (anyone could flood the log).
          if (!allowed && ["no-role", "viewer", "operator", "admin"].includes(who)) denials++;
          if (!answered || denied === allowed) wrong.push(`${name} as ${who}: ${status} ${text.slice(-160)}`);
        }
      }
      expect(wrong).toEqual([]);
      expect(await platform.tableCounts()).toEqual(before);
      const deniedAfter = (await platform.handle.db.select({ n: count() }).from(auditEvents))[0]!.n;
      expect(deniedAfter - deniedBefore).toBeGreaterThanOrEqual(denials);
    }, 120_000);

    it("writes no secret, token, password or session cookie to the audit log or the server log", async () => {
      // A failed sign-in with a password that must not show up anywhere, and a wrong token.
      const leakedPassword = "this-password-must-not-leak-0123";
      await fetch(`${platform.app.url}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: platform.app.url },
        body: JSON.stringify({ email: "admin@example.com", password: leakedPassword }),
      });
      await platform.api("POST", "/api/v1/sessions", {
        token: "wrong-token-that-must-not-leak-0123",
        body: {},
      });
      const secrets = [
        leakedPassword,
        "wrong-token-that-must-not-leak-0123",
        testAdmin.password,
        testCronSecret,
        testMetricsToken,
        platformToken,
        bootstrapToken,
        ...Object.values(headers).flatMap((h) =>
          // Bearer tokens as they are; session cookies by their value (`sr.session_token=<value>`).
          Object.values(h).map((v) => (v.startsWith("Bearer ") ? v.slice(7) : v.slice(v.indexOf("=") + 1))),
        ),
      ].filter((s) => s.length >= 16);
      const audit = JSON.stringify(await platform.handle.db.select().from(auditEvents));
      const log = readFileSync(platform.app.logFile, "utf8");
      expect(audit).toContain("auth.sign_in_failed");
      for (const secret of secrets) {
        expect(audit.includes(secret), `audit log contains ${secret.slice(0, 6)}…`).toBe(false);
        expect(log.includes(secret), `server log contains ${secret.slice(0, 6)}…`).toBe(false);
      }
    });

    it("refuses a server action posted from another site, even with an admin's cookie", async () => {
      const before = await platform.tableCounts();
      const action = actionIds.get("users/create-user")!;
      const { status, text } = await callServerAction(
        platform.app.url,
        action,
        { email: "planted@example.com", role: "admin", password: "planted-password-123" },
        { ...headers.admin, origin: "https://evil.example" },
      );
      expect(status).toBeGreaterThanOrEqual(400);
      expect(text).not.toContain('"ok":true');
      expect(await platform.tableCounts()).toEqual(before);
    });
  });
});
