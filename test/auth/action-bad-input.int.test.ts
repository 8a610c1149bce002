import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { userSessions, webhooks } from "@/lib/db/schema";
import { testEnvironment } from "@/test/support/kube";
import { startPlatform, type Platform } from "@/test/support/platform";
import { callServerAction, readBuiltActions, type BuiltAction } from "@/test/support/server-actions";
import { signInAs } from "@/test/support/users";

type Case = { action: string; name: string; input?: unknown; rawBody?: string; error: RegExp };

const big = "x".repeat(5_000);

// Every server action, called by an admin (who may call them all) with what it must refuse:
// each answers `ok: false` with a message that says what is wrong, and nothing changes.
const cases: Case[] = [
  ...[
    "sessions/retry-stop",
    "sessions/force-terminate",
    "sessions/delete-resources",
    "sessions/restore-objects",
  ].flatMap((action) => [
    { action, name: "no input", input: undefined, error: /invalid input: input: /i },
    { action, name: "ids as a string", input: { sessionIds: "s-1" }, error: /sessionIds: /i },
    { action, name: "a number as an id", input: { sessionIds: [42] }, error: /sessionIds\.0: /i },
    { action, name: "no ids", input: { sessionIds: [] }, error: /select at least one session/ },
    {
      action,
      name: "too many ids",
      input: { sessionIds: Array.from({ length: 51 }, (_, i) => `s-${i}`) },
      error: /at most 50 per call/,
    },
    {
      action,
      name: "markup in an id",
      input: { sessionIds: ["<script>x</script>"] },
      error: /is not a session id/,
    },
    { action, name: "a path in an id", input: { sessionIds: ["../../etc"] }, error: /is not a session id/ },
    {
      action,
      name: "an SQL fragment",
      input: { sessionIds: ["s-1' OR '1'='1"] },
      error: /is not a session id/,
    },
    { action, name: "a huge id", input: { sessionIds: [big] }, error: /is not a session id/ },
    { action, name: "an unknown key", input: { sessionIds: ["s-1"], all: true }, error: /unrecognized key/i },
  ]),
  ...[
    { name: "no input", input: undefined, error: /invalid input: input: / },
    {
      name: "an unknown operation",
      input: { operation: "delete-everything", filter: {}, confirmCount: 1 },
      error: /operation: /,
    },
    { name: "no count", input: { operation: "retry-stop", filter: {} }, error: /confirmCount: / },
    {
      name: "a count as a string",
      input: { operation: "retry-stop", filter: {}, confirmCount: "40" },
      error: /confirmCount: /,
    },
    {
      name: "a negative count",
      input: { operation: "retry-stop", filter: {}, confirmCount: -1 },
      error: /confirmCount: /,
    },
    {
      name: "an unknown state in the filter",
      input: { operation: "retry-stop", filter: { state: "zombie" }, confirmCount: 1 },
      error: /filter\.state: /,
    },
    {
      name: "ids smuggled into the filter",
      input: { operation: "retry-stop", filter: { sessionIds: ["s-1"] }, confirmCount: 1 },
      error: /unknown parameter sessionIds|unrecognized key/i,
    },
    {
      name: "a huge search",
      input: { operation: "retry-stop", filter: { q: big }, confirmCount: 1 },
      error: /filter\.q: at most 200 characters/,
    },
    {
      name: "a count that is not the filter's",
      input: { operation: "force-terminate", filter: { agent: "agent-unknown" }, confirmCount: 3 },
      error: /the filter now matches 0 sessions, not 3: look again/,
    },
  ].map((c) => ({ action: "sessions/bulk-over-filter", ...c })),
  {
    action: "sessions/preview-operation",
    name: "an unknown operation",
    input: { operation: "delete-everything", sessionIds: ["s-1"] },
    error: /operation: /,
  },
  {
    action: "reconcile/apply-reconcile",
    name: "no plan hash (a plan nobody previewed)",
    input: {},
    error: /planHash: /,
  },
  {
    action: "reconcile/apply-reconcile",
    name: "a plan hash that is not one",
    input: { planHash: "latest" },
    error: /planHash: the plan hash of a preview/,
  },
  {
    action: "reconcile/apply-reconcile",
    name: "the confirmation past the limit smuggled in",
    input: { planHash: "0".repeat(64), allowLargeRun: true },
    error: /unrecognized key/i,
  },
  {
    action: "reconcile/apply-reconcile-past-limit",
    name: "no plan hash",
    input: { allowLargeRun: true },
    error: /planHash: |unrecognized key/i,
  },
  {
    action: "reconcile/preview-reconcile",
    name: "an unknown key",
    input: { dryRun: false },
    error: /unrecognized key/i,
  },
  ...["pods/remove-pod-finalizers", "pods/force-delete-pod"].flatMap((action) => {
    const pod = { sessionId: "s-000000000001", namespace: "sessions", name: "p-1", resourceVersion: "42" };
    return [
      { action, name: "no input", input: undefined, error: /invalid input: input: /i },
      {
        action,
        name: "the name not typed",
        input: { ...pod, confirmName: "" },
        error: /type the pod's name to confirm/,
      },
      {
        action,
        name: "another name typed",
        input: { ...pod, confirmName: "p-2" },
        error: /confirmName: type the pod's name to confirm/,
      },
      {
        action,
        name: "a path as the pod's name",
        input: { ...pod, name: "../../nodes/n-1", confirmName: "../../nodes/n-1" },
        error: /name: is not a Kubernetes name/,
      },
      {
        action,
        name: "markup as the namespace",
        input: { ...pod, namespace: "<b>x</b>", confirmName: "p-1" },
        error: /namespace: is not a Kubernetes name/,
      },
      {
        action,
        name: "a resourceVersion that is not one",
        input: { ...pod, resourceVersion: "latest", confirmName: "p-1" },
        error: /resourceVersion: is not a resourceVersion/,
      },
      {
        action,
        name: "no resourceVersion (no precondition)",
        input: { sessionId: pod.sessionId, namespace: pod.namespace, name: pod.name, confirmName: "p-1" },
        error: /resourceVersion: /,
      },
      {
        action,
        name: "a bad session id",
        input: { ...pod, sessionId: "s-1", confirmName: "p-1" },
        error: /is not a session id/,
      },
      {
        action,
        name: "grace period smuggled in",
        input: { ...pod, confirmName: "p-1", gracePeriodSeconds: 0 },
        error: /unrecognized key/i,
      },
    ];
  }),
  {
    action: "agents/set-agent-approval",
    name: "an unknown agent",
    input: { agentId: "agent-nobody", status: "approved" },
    error: /agent agent-nobody does not exist/,
  },
  {
    action: "agents/set-agent-approval",
    name: "an unknown status",
    input: { agentId: "agent-a", status: "trusted" },
    error: /status: /,
  },
  {
    action: "agents/revoke-agent",
    name: "a label value with markup",
    input: { agentId: "<img src=x onerror=alert(1)>" },
    error: /agentId: must be lowercase/,
  },
  {
    action: "agents/revoke-agent",
    name: "an unknown agent",
    input: { agentId: "agent-nobody" },
    error: /does not exist/,
  },
  {
    action: "users/create-user",
    name: "markup as the email",
    input: { email: "<script>@example.com", role: "viewer", password: "long-enough-password" },
    error: /email: is not an email address/,
  },
  {
    action: "users/create-user",
    name: "a short password",
    input: { email: "short@example.com", role: "viewer", password: "short" },
    error: /password: must be at least 12 characters/,
  },
  {
    action: "users/create-user",
    name: "an unknown role",
    input: { email: "root@example.com", role: "root", password: "long-enough-password" },
    error: /role: /,
  },
  {
    action: "users/create-user",
    name: "an existing email",
    input: { email: "admin@example.com", role: "viewer", password: "long-enough-password" },
    error: /already exists/,
  },
  {
    action: "users/set-user-role",
    name: "an unknown user",
    input: { userId: "00000000-0000-4000-8000-000000000000", expectedRole: "none", role: "admin" },
    error: /does not exist/,
  },
  {
    action: "users/set-user-role",
    name: "an SQL fragment as the id",
    input: { userId: "1; drop table users", expectedRole: "none", role: "admin" },
    error: /userId: is not a user id/,
  },
  {
    action: "users/reset-password",
    name: "a short password",
    input: { userId: "00000000-0000-4000-8000-000000000000", password: "short" },
    error: /password: must be at least 12 characters/,
  },
  {
    action: "users/reset-password",
    name: "an unknown user",
    input: { userId: "00000000-0000-4000-8000-000000000000", password: "a-new-password-0123" },
    error: /does not exist/,
  },
  ...(
    [
      ["out of bounds", { values: { STUCK_TERMINATING_SECONDS: 86_401 } }, /must be at most 86400/],
      ["negative", { values: { ORPHAN_GRACE_SECONDS: -5 } }, /must be at least 0/],
      ["a fraction of a second", { values: { ORPHAN_GRACE_SECONDS: 1.5 } }, /must be a whole number/],
      ["a huge value", { values: { RECONCILE_MAX_DELETIONS: 1e300 } }, /must be at most 1000000/],
      ["a string for a number", { values: { STUCK_TERMINATING_SECONDS: "60" } }, /must be a number/],
      ["markup for a number", { values: { STUCK_TERMINATING_SECONDS: "<b>1</b>" } }, /must be a number/],
      ["a key that is not editable", { values: { CRON_SECRET: 1 } }, /unrecognized key/i],
      ["an unknown mode", { modes: { "agent-lost": "sometimes" } }, /modes\.agent-lost: /],
      ["a mode for a class never acted on", { modes: { unhealthy: "automatic" } }, /unrecognized key/i],
      ["nothing to change", {}, /name at least one setting/],
      ["no input", undefined, /invalid input: input: /i],
    ] as const
  ).map(([name, input, error]) => ({ action: "settings/update-settings", name, input, error })),
  ...(
    [
      ["no reason", { paused: true, reason: "" }, /say why/],
      ["markup in the reason", { paused: true, reason: "<img src=x onerror=alert(1)>" }, /plain text/],
      ["a huge reason", { paused: true, reason: big }, /under 500 characters/],
      ["a string for the switch", { paused: "yes", reason: "outage" }, /paused: /],
      ["an unknown key", { paused: true, reason: "outage", by: "someone" }, /unrecognized key/i],
    ] as const
  ).map(([name, input, error]) => ({ action: "settings/set-automation-paused", name, input, error })),
  {
    action: "users/sign-out-user",
    name: "an unknown user",
    input: { userId: "00000000-0000-4000-8000-000000000000" },
    error: /does not exist/,
  },
  ...webhookCases(),
];

/** The notification settings' actions (issue 12 item 7): bad URLs, markup, huge values, unknown ids. */
function webhookCases(): Case[] {
  const hook = {
    name: "On-call",
    url: "https://hooks.example.com/x",
    format: "generic",
    events: ["run.failed"],
  };
  const create = (name: string, input: unknown, error: RegExp): Case => ({
    action: "settings/create-webhook",
    name,
    input,
    error,
  });
  const unknownId = "00000000-0000-4000-8000-000000000000";
  return [
    create(
      "a file: URL",
      { ...hook, url: "file:///etc/passwd" },
      /url: must be an http:\/\/ or https:\/\/ URL/,
    ),
    create("a javascript: URL", { ...hook, url: "javascript:alert(1)" }, /url: must be an http/),
    create("not a URL", { ...hook, url: "hooks.example.com" }, /url: must be an http/),
    create("a huge URL", { ...hook, url: `https://e.com/${big}` }, /url: must be at most 2,000 characters/),
    create(
      "credentials in the URL",
      { ...hook, url: "https://u:p@e.com/" },
      /url: must not carry a user name/,
    ),
    create(
      "markup in the name",
      { ...hook, name: "<img src=x onerror=alert(1)>" },
      /name: must be plain text/,
    ),
    create("a huge name", { ...hook, name: big }, /name: must be at most 100 characters/),
    create("no events", { ...hook, events: [] }, /events: choose at least one event/),
    create("an unknown event", { ...hook, events: ["session.created"] }, /events\.0: /),
    create("an unknown format", { ...hook, format: "teams" }, /format: /),
    create("a short secret", { ...hook, secret: "short" }, /secret: must be at least 16 characters/),
    create("a huge secret", { ...hook, secret: big }, /secret: must be at most 200 characters/),
    create("the enabled flag smuggled in", { ...hook, enabled: true }, /unrecognized key/i),
    {
      action: "settings/delete-webhook",
      name: "an unknown webhook",
      input: { webhookId: unknownId },
      error: /does not exist/,
    },
    {
      action: "settings/delete-webhook",
      name: "an SQL fragment as the id",
      input: { webhookId: "1; drop table webhooks" },
      error: /webhookId: is not a webhook id/,
    },
    {
      action: "settings/set-webhook-enabled",
      name: "a string as the state",
      input: { webhookId: unknownId, enabled: "yes" },
      error: /enabled: /,
    },
    {
      action: "settings/set-webhook-enabled",
      name: "an unknown webhook",
      input: { webhookId: unknownId, enabled: true },
      error: /does not exist/,
    },
    {
      action: "settings/send-test-webhook",
      name: "an unknown webhook",
      input: { webhookId: unknownId },
      error: /does not exist/,
    },
  ];
}

describe("bad input on every server action", () => {
  let platform: Platform;
  let admin = "";
  let actions: Map<string, BuiltAction>;

  beforeAll(async () => {
    platform = await startPlatform(testEnvironment());
    admin = await signInAs(platform.handle.db, platform.app.url, "admin");
    actions = readBuiltActions();
  }, 120_000);
  afterAll(async () => {
    await platform?.stop();
  });

  it("covers every action", () => {
    expect(new Set(cases.map((c) => c.action))).toEqual(new Set(actions.keys()));
  });

  it("refuses each with a message that says what is wrong, and changes nothing", async () => {
    const before = await platform.tableCounts();
    const wrong: string[] = [];
    for (const c of cases) {
      const { text } = await callServerAction(platform.app.url, actions.get(c.action)!, c.input, {
        cookie: admin,
      });
      const result = /"ok":false,"error":"((?:[^"\\]|\\.)*)"/.exec(text)?.[1];
      if (!result || !c.error.test(result))
        wrong.push(`${c.action}, ${c.name}: ${result ?? text.slice(-200)}`);
    }
    expect(wrong).toEqual([]);
    expect(await platform.tableCounts()).toEqual(before);
    expect(await platform.handle.db.select({ n: count() }).from(webhooks)).toEqual([{ n: 0 }]);
  });

  it("refuses a body beyond the size limit without running the action", async () => {
    const before = await platform.tableCounts();
    const { status, text } = await callServerAction(
      platform.app.url,
      actions.get("users/create-user")!,
      undefined,
      { cookie: admin },
      JSON.stringify([{ email: "huge@example.com", role: "admin", password: "p".repeat(3 * 1024 * 1024) }]),
    );
    expect(status).toBe(413);
    expect(text).not.toContain('"ok":true');
    expect(await platform.tableCounts()).toEqual(before);
  });

  it("refuses a replayed session cookie after sign-out", async () => {
    const cookie = await signInAs(platform.handle.db, platform.app.url, "operator");
    const status = async () =>
      (await fetch(`${platform.app.url}/api/status`, { headers: { cookie } })).status;
    expect(await status()).toBe(200);
    const out = await fetch(`${platform.app.url}/api/auth/sign-out`, {
      method: "POST",
      headers: { cookie, origin: platform.app.url, "content-type": "application/json" },
      body: "{}",
    });
    expect(out.status).toBe(200);
    expect(await status()).toBe(401);
    const before = await platform.tableCounts();
    const { text } = await callServerAction(
      platform.app.url,
      actions.get("sessions/force-terminate")!,
      { sessionIds: ["s-000000000000"] },
      { cookie },
    );
    expect(text).toContain('"ok":false,"error":"sign in first"');
    expect(await platform.tableCounts()).toEqual(before);
  });

  it("refuses a session cookie past its expiry", async () => {
    const cookie = await signInAs(platform.handle.db, platform.app.url, "operator");
    const status = async () =>
      (await fetch(`${platform.app.url}/api/status`, { headers: { cookie } })).status;
    expect(await status()).toBe(200);
    const token = decodeURIComponent(cookie.slice(cookie.indexOf("=") + 1)).split(".")[0]!;
    await platform.handle.db
      .update(userSessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(userSessions.token, token));
    expect(await status()).toBe(401);
  });
});
