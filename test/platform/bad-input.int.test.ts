import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrapToken, platformToken, startPlatform, type Platform } from "@/test/support/platform";
import { testEnvironment } from "@/test/support/kube";
import { signInAs } from "@/test/support/users";

type Case = {
  name: string;
  method: string;
  path: string;
  token?: "platform" | "bootstrap" | "agent" | "other-agent" | "forged" | "wrong";
  body?: unknown;
  rawBody?: string;
  contentType?: string;
  status: number;
  message?: RegExp;
};

// Every endpoint of the platform and agent API, fed what it must refuse: each answer is a 4xx
// with a message that says what is wrong, and the database is exactly as before.
describe("bad input on every endpoint", () => {
  let platform: Platform;
  const tokens: Record<string, string> = {};
  let sessionId = "";
  let otherAgentsCommand = 0;

  beforeAll(async () => {
    platform = await startPlatform(testEnvironment());
    const a = await platform.api("POST", "/api/v1/agents/register", {
      token: bootstrapToken,
      body: { agentId: "agent-in", cluster: "it" },
    });
    const b = await platform.api("POST", "/api/v1/agents/register", {
      token: bootstrapToken,
      body: { agentId: "agent-other", cluster: "it" },
    });
    tokens.agent = a.body.token as string;
    tokens["other-agent"] = b.body.token as string;
    await platform.api("POST", "/api/v1/agents/heartbeat", { token: tokens.agent, body: { inventory: [] } });
    await platform.api("POST", "/api/v1/agents/heartbeat", {
      token: tokens["other-agent"],
      body: { inventory: [] },
    });
    const created = await platform.api("POST", "/api/v1/sessions", {
      token: platformToken,
      body: { userId: "u", template: "img:1", agentId: "agent-other" },
    });
    sessionId = (created.body.session as { id: string }).id;
    otherAgentsCommand = created.body.commandId as number;
  });
  afterAll(async () => {
    await platform?.stop();
  });

  const big = "x".repeat(20_000);
  const cases = (): Case[] => [
    // platform API: sessions
    {
      name: "create without a token",
      method: "POST",
      path: "/api/v1/sessions",
      body: { userId: "u", template: "i" },
      status: 401,
    },
    {
      name: "create with a wrong token",
      method: "POST",
      path: "/api/v1/sessions",
      token: "wrong",
      body: { userId: "u", template: "i" },
      status: 401,
    },
    {
      name: "create with an agent token",
      method: "POST",
      path: "/api/v1/sessions",
      token: "agent",
      body: { userId: "u", template: "i" },
      status: 401,
    },
    {
      name: "create with broken JSON",
      method: "POST",
      path: "/api/v1/sessions",
      token: "platform",
      rawBody: '{"userId":',
      status: 400,
      message: /not valid JSON/,
    },
    {
      name: "create with a non-JSON content type",
      method: "POST",
      path: "/api/v1/sessions",
      token: "platform",
      rawBody: "userId=u",
      contentType: "application/x-www-form-urlencoded",
      status: 400,
      message: /must be JSON/,
    },
    {
      name: "create with no body",
      method: "POST",
      path: "/api/v1/sessions",
      token: "platform",
      rawBody: "",
      status: 400,
    },
    {
      name: "create with a number for userId",
      method: "POST",
      path: "/api/v1/sessions",
      token: "platform",
      body: { userId: 42, template: "img:1" },
      status: 400,
      message: /userId/,
    },
    {
      name: "create with markup as the image",
      method: "POST",
      path: "/api/v1/sessions",
      token: "platform",
      body: { userId: "u", template: "<script>alert(1)</script>" },
      status: 400,
      message: /template/,
    },
    {
      name: "create with a control character in userId",
      method: "POST",
      path: "/api/v1/sessions",
      token: "platform",
      body: { userId: "u\u0000x", template: "img:1" },
      status: 400,
      message: /control characters/,
    },
    {
      name: "create with an unknown field",
      method: "POST",
      path: "/api/v1/sessions",
      token: "platform",
      body: { userId: "u", template: "img:1", replicas: 9 },
      status: 400,
      message: /replicas|Unrecognized/,
    },
    {
      name: "create in an invalid namespace",
      method: "POST",
      path: "/api/v1/sessions",
      token: "platform",
      body: { userId: "u", template: "img:1", namespace: "Kube_System" },
      status: 400,
      message: /namespace/,
    },
    {
      name: "create on an unknown agent",
      method: "POST",
      path: "/api/v1/sessions",
      token: "platform",
      body: { userId: "u", template: "img:1", agentId: "agent-nobody" },
      status: 404,
      message: /agent-nobody/,
    },
    {
      name: "create with an oversized body",
      method: "POST",
      path: "/api/v1/sessions",
      token: "platform",
      body: { userId: "u", template: "img:1", pad: big },
      status: 413,
    },
    {
      name: "create with a huge userId",
      method: "POST",
      path: "/api/v1/sessions",
      token: "platform",
      body: { userId: "u".repeat(5_000), template: "img:1" },
      status: 400,
      message: /at most 128/,
    },
    {
      name: "list with an unknown state",
      method: "GET",
      path: "/api/v1/sessions?state=zombie",
      token: "platform",
      status: 400,
      message: /state/,
    },
    {
      name: "list with limit 0",
      method: "GET",
      path: "/api/v1/sessions?limit=0",
      token: "platform",
      status: 400,
      message: /limit/,
    },
    {
      name: "list with a forged cursor",
      method: "GET",
      path: "/api/v1/sessions?cursor=bm9wZQ",
      token: "platform",
      status: 400,
      message: /cursor/,
    },
    ...[
      "+275760-09-13T00:00:00.000Z|s-000000000000",
      "-000001-01-01T00:00:00.000Z|s-000000000000",
      "2026-01-01T00:00:00.000Z|\u0000",
      "2026-01-01T00:00:00.000Z|s-000000000000|more",
    ].map((forged): Case => ({
      name: `list with a cursor of the right shape but out of range: ${JSON.stringify(forged)}`,
      method: "GET",
      path: `/api/v1/sessions?cursor=${Buffer.from(forged).toString("base64url")}`,
      token: "platform",
      status: 400,
      message: /cursor is not one we issued/,
    })),
    ...["/api/v1/sessions/%E0%A4%A", "/api/v1/sessions/%", "/sessions/%zz"].map((path): Case => ({
      name: `a path that is not valid percent-encoding: ${path}`,
      method: "GET",
      path,
      token: "platform",
      status: 400,
      message: /not valid percent-encoding/,
    })),
    {
      name: "a method no route has",
      method: "PROPFIND",
      path: "/api/v1/sessions",
      token: "platform",
      status: 405,
      message: /method PROPFIND is not served here/,
    },
    { name: "list without a token", method: "GET", path: "/api/v1/sessions", status: 401 },
    {
      name: "get a malformed id",
      method: "GET",
      path: "/api/v1/sessions/not-a-session",
      token: "platform",
      status: 404,
    },
    {
      name: "get an unknown id",
      method: "GET",
      path: "/api/v1/sessions/s-000000000000",
      token: "platform",
      status: 404,
    },
    {
      name: "get with SQL in the id",
      method: "GET",
      path: `/api/v1/sessions/${encodeURIComponent("s-1' OR '1'='1")}`,
      token: "platform",
      status: 404,
    },
    {
      name: "stop an unknown session",
      method: "POST",
      path: "/api/v1/sessions/s-000000000000/stop",
      token: "platform",
      status: 404,
    },
    { name: "stop without a token", method: "POST", path: `/api/v1/sessions/${sessionId}/stop`, status: 401 },
    {
      name: "stop with an agent token",
      method: "POST",
      path: `/api/v1/sessions/${sessionId}/stop`,
      token: "agent",
      status: 401,
    },
    // platform API: agents
    { name: "list agents without a token", method: "GET", path: "/api/v1/agents", status: 401 },
    {
      name: "approve without a token",
      method: "POST",
      path: "/api/v1/agents/agent-in/approval",
      body: { status: "approved" },
      status: 401,
    },
    {
      name: "approve with a bad status",
      method: "POST",
      path: "/api/v1/agents/agent-in/approval",
      token: "platform",
      body: { status: "maybe" },
      status: 400,
    },
    {
      name: "approve an unknown agent",
      method: "POST",
      path: "/api/v1/agents/agent-nobody/approval",
      token: "platform",
      body: { status: "approved" },
      status: 404,
    },
    {
      name: "approve a malformed agent id",
      method: "POST",
      path: "/api/v1/agents/Agent%20X/approval",
      token: "platform",
      body: { status: "approved" },
      status: 404,
    },
    // agent API: registration
    {
      name: "register without a token",
      method: "POST",
      path: "/api/v1/agents/register",
      body: { agentId: "agent-z", cluster: "c" },
      status: 401,
    },
    {
      name: "register with the platform token",
      method: "POST",
      path: "/api/v1/agents/register",
      token: "platform",
      body: { agentId: "agent-z", cluster: "c" },
      status: 401,
    },
    {
      name: "register an invalid agent id",
      method: "POST",
      path: "/api/v1/agents/register",
      token: "bootstrap",
      body: { agentId: "Agent_Z", cluster: "c" },
      status: 400,
      message: /agentId/,
    },
    {
      name: "register without a cluster",
      method: "POST",
      path: "/api/v1/agents/register",
      token: "bootstrap",
      body: { agentId: "agent-z" },
      status: 400,
      message: /cluster/,
    },
    {
      name: "register with an oversized body",
      method: "POST",
      path: "/api/v1/agents/register",
      token: "bootstrap",
      body: { agentId: "agent-z", cluster: big },
      status: 413,
    },
    // agent API: heartbeat
    {
      name: "heartbeat without a token",
      method: "POST",
      path: "/api/v1/agents/heartbeat",
      body: { inventory: [] },
      status: 401,
    },
    {
      name: "heartbeat with the bootstrap token",
      method: "POST",
      path: "/api/v1/agents/heartbeat",
      token: "bootstrap",
      body: { inventory: [] },
      status: 401,
    },
    {
      name: "heartbeat with a forged credential",
      method: "POST",
      path: "/api/v1/agents/heartbeat",
      token: "forged",
      body: { inventory: [] },
      status: 401,
    },
    {
      name: "heartbeat with inventory not a list",
      method: "POST",
      path: "/api/v1/agents/heartbeat",
      token: "agent",
      body: { inventory: "s-1" },
      status: 400,
      message: /inventory/,
    },
    {
      name: "heartbeat with a non-session in the inventory",
      method: "POST",
      path: "/api/v1/agents/heartbeat",
      token: "agent",
      body: { inventory: ["'; drop table sessions; --"] },
      status: 400,
      message: /session id/,
    },
    {
      name: "heartbeat asking to wait for an hour",
      method: "POST",
      path: "/api/v1/agents/heartbeat",
      token: "agent",
      body: { inventory: [], waitSeconds: 3600 },
      status: 400,
      message: /waitSeconds/,
    },
    // agent API: results
    {
      name: "result without a token",
      method: "POST",
      path: `/api/v1/agents/commands/${otherAgentsCommand}/result`,
      body: { status: "completed" },
      status: 401,
    },
    {
      name: "result for a malformed command id",
      method: "POST",
      path: "/api/v1/agents/commands/abc/result",
      token: "agent",
      body: { status: "completed" },
      status: 404,
    },
    {
      name: "result for an unknown command",
      method: "POST",
      path: "/api/v1/agents/commands/999999/result",
      token: "agent",
      body: { status: "completed" },
      status: 404,
    },
    {
      name: "result for another agent's command",
      method: "POST",
      path: `/api/v1/agents/commands/${otherAgentsCommand}/result`,
      token: "agent",
      body: { status: "completed" },
      status: 404,
    },
    {
      name: "result for a command not yet dispatched",
      method: "POST",
      path: `/api/v1/agents/commands/${otherAgentsCommand}/result`,
      token: "other-agent",
      body: { status: "completed" },
      status: 409,
      message: /not been dispatched/,
    },
    {
      name: "result with an unknown status",
      method: "POST",
      path: `/api/v1/agents/commands/${otherAgentsCommand}/result`,
      token: "other-agent",
      body: { status: "done" },
      status: 400,
      message: /status/,
    },
  ];

  it("refuses each with a 4xx and a clear message, and changes nothing", async () => {
    const before = await platform.tableCounts();
    const resolveToken = (name: Case["token"]) =>
      name === undefined
        ? undefined
        : ({
            platform: platformToken,
            bootstrap: bootstrapToken,
            agent: tokens.agent,
            "other-agent": tokens["other-agent"],
            forged: "sra.agent-in.1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            wrong: "not-the-platform-token-at-all",
          }[name] as string);
    const failures: string[] = [];
    for (const c of cases()) {
      const answer = await platform.api(c.method, c.path, {
        token: resolveToken(c.token),
        body: c.body,
        rawBody: c.rawBody,
        contentType: c.contentType,
      });
      const message = answer.body.error?.message ?? "";
      if (answer.status !== c.status)
        failures.push(`${c.name}: expected ${c.status}, got ${answer.status} ${message}`);
      else if (!message) failures.push(`${c.name}: no error message`);
      else if (c.message && !c.message.test(message))
        failures.push(`${c.name}: message "${message}" !~ ${c.message}`);
    }
    expect(failures).toEqual([]);
    expect(await platform.tableCounts()).toEqual(before);
  });

  it("answers what never reaches a route with the usual error body: TRACE, broken HTTP, a short body", async () => {
    const { hostname, port } = new URL(platform.app.url);
    /** Writes `raw` on a fresh connection and reads the whole answer (the server closes it). */
    const exchange = (raw: string, timeoutMs = 5_000) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(Number(port), hostname, () => socket.write(raw));
        let answer = "";
        socket.setEncoding("utf8");
        socket.on("data", (chunk: string) => (answer += chunk));
        socket.on("close", () => resolve(answer));
        socket.on("error", reject);
        setTimeout(() => {
          socket.destroy();
          resolve(answer || "(no answer)");
        }, timeoutMs);
      });
    const before = await platform.tableCounts();
    const trace = await exchange(`TRACE /sessions HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n`);
    expect(trace).toMatch(/^HTTP\/1\.1 405/);
    expect(trace).toContain('"message":"method TRACE is not served here"');
    const broken = await exchange(`TRACK /api/v1/sessions HTTP/1.1\r\nhost: x\r\n\r\n`);
    expect(broken).toMatch(/^HTTP\/1\.1 400/);
    expect(broken).toContain('"message":"the request is not valid HTTP/1.1"');
    const started = Date.now();
    const short = await exchange(
      `POST /api/v1/sessions HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${platformToken}\r\n` +
        `content-type: application/json\r\ncontent-length: 100\r\n\r\n{"userId":"u"`,
      70_000,
    );
    expect(short).toMatch(/^HTTP\/1\.1 408/);
    expect(short).toContain('"code":"request_timeout"');
    expect(Date.now() - started).toBeLessThan(65_000);
    // What a request could have written (the audit meanwhile records the test agents going silent).
    const after = await platform.tableCounts();
    expect({ sessions: after.sessions, commands: after.commands }).toEqual({
      sessions: before.sessions,
      commands: before.commands,
    });
  }, 100_000);

  it("refuses over-long filters on the dashboard's data route by name; the page drops them", async () => {
    const cookie = await signInAs(platform.handle.db, platform.app.url, "viewer");
    const get = (path: string) => fetch(`${platform.app.url}${path}`, { headers: { cookie } });
    for (const [key, max] of [
      ["q", 200],
      ["agent", 63],
      ["namespace", 63],
    ] as const) {
      const answer = await get(`/api/dashboard/sessions?${key}=${"x".repeat(max + 1)}`);
      expect(answer.status, key).toBe(400);
      expect(((await answer.json()) as { error: { message: string } }).error.message).toBe(
        `${key}: at most ${max} characters`,
      );
      expect((await get(`/api/dashboard/sessions?${key}=${"x".repeat(max)}`)).status, key).toBe(200);
    }
    expect((await get(`/sessions?q=${"x".repeat(5_000)}`)).status).toBe(200);
  });

  it("says the platform API is disabled, not open, when its token is not configured", async () => {
    const bare = await startPlatform(testEnvironment(), {
      PLATFORM_API_TOKEN: "",
      AGENT_BOOTSTRAP_TOKEN: "",
    });
    try {
      const list = await bare.api("GET", "/api/v1/sessions", { token: "anything-at-all-here" });
      expect(list.status).toBe(503);
      expect(list.body.error?.message).toMatch(/PLATFORM_API_TOKEN is not set/);
      const register = await bare.api("POST", "/api/v1/agents/register", {
        token: "x",
        body: { agentId: "a", cluster: "c" },
      });
      expect(register.status).toBe(503);
      expect(register.body.error?.message).toMatch(/AGENT_BOOTSTRAP_TOKEN is not set/);
    } finally {
      await bare.stop();
    }
  });
});
