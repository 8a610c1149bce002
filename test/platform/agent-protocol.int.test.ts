import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentCommands, auditEvents, sessions } from "@/lib/db/schema";
import { bootstrapToken, platformToken, startPlatform, type Platform } from "@/test/support/platform";
import { testEnvironment } from "@/test/support/kube";

// The agent protocol driven by hand over HTTP against the real app and PostgreSQL: registration,
// approval, epochs, dispatch, results, replays, expiry. No cluster objects are made here (no agent
// process runs); the session lifecycle with a real agent is in session-lifecycle.int.test.ts.
describe("agent protocol", () => {
  let platform: Platform;
  beforeAll(async () => {
    platform = await startPlatform(testEnvironment(), {
      AGENT_AUTO_APPROVE: "false",
      COMMAND_DISPATCH_TIMEOUT_SECONDS: "2",
    });
  });
  afterAll(async () => {
    await platform?.stop();
  });

  const register = (agentId: string) =>
    platform.api("POST", "/api/v1/agents/register", {
      token: bootstrapToken,
      body: { agentId, cluster: "it" },
    });
  const heartbeat = (token: string, inventory: string[] = [], waitSeconds = 0) =>
    platform.api("POST", "/api/v1/agents/heartbeat", { token, body: { inventory, waitSeconds } });
  const report = (token: string, commandId: number, status: "completed" | "failed", error?: string) =>
    platform.api("POST", `/api/v1/agents/commands/${commandId}/result`, { token, body: { status, error } });
  const createSession = (agentId: string) =>
    platform.api("POST", "/api/v1/sessions", {
      token: platformToken,
      body: { userId: "u-1", template: "img:1", agentId },
    });
  const stop = (id: string) => platform.api("POST", `/api/v1/sessions/${id}/stop`, { token: platformToken });
  const commandsOf = (sessionId: string) =>
    platform.handle.db
      .select()
      .from(agentCommands)
      .where(eq(agentCommands.sessionId, sessionId))
      .orderBy(agentCommands.id);
  const sessionRow = async (id: string) =>
    (await platform.handle.db.select().from(sessions).where(eq(sessions.id, id)))[0]!;

  type Commands = { id: number; type: string; attempt: number }[];

  it("registers agents as pending without auto-approval; a pending agent gets no work until approved", async () => {
    const registered = await register("agent-p");
    expect(registered.status).toBe(201);
    expect(registered.body).toMatchObject({ agentId: "agent-p", epoch: 1, approvalStatus: "pending" });
    const token = registered.body.token as string;

    const beat = await heartbeat(token);
    expect(beat.status).toBe(200);
    expect(beat.body).toMatchObject({ approvalStatus: "pending", commands: [] });
    expect((await createSession("agent-p")).body.error?.code).toBe("agent_not_approved");

    const approved = await platform.api("POST", "/api/v1/agents/agent-p/approval", {
      token: platformToken,
      body: { status: "approved" },
    });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ agent: { approvalStatus: "approved" } });
    expect(approved.body.agent).not.toHaveProperty("credentialHash");

    const created = await createSession("agent-p");
    expect(created.status).toBe(201);
    const beat2 = await heartbeat(token);
    expect(beat2.body.commands).toMatchObject([{ type: "start_session", attempt: 1 }]);
  });

  it("turns start and stop results into running and terminated, and a replayed result changes nothing", async () => {
    const { body } = await register("agent-r");
    await platform.api("POST", "/api/v1/agents/agent-r/approval", {
      token: platformToken,
      body: { status: "approved" },
    });
    const token = body.token as string;
    await heartbeat(token);
    const created = await createSession("agent-r");
    const sessionId = (created.body.session as { id: string }).id;
    expect(created.body.session).toMatchObject({
      state: "pending",
      agentId: "agent-r",
      namespace: platform.namespace,
    });

    const [start] = (await heartbeat(token)).body.commands as Commands;
    expect(start).toMatchObject({ type: "start_session" });
    expect((start as unknown as { payload: { labels: Record<string, string> } }).payload.labels).toEqual({
      session: sessionId,
      "session-reconciler.io/agent": "agent-r",
      "app.kubernetes.io/managed-by": platform.installation,
    });
    const reported = await report(token, start!.id, "completed");
    expect(reported.status).toBe(200);
    expect(reported.body).toMatchObject({ duplicate: false, session: { state: "running" } });

    const before = await platform.tableCounts();
    const replay = await report(token, start!.id, "completed");
    expect(replay.body).toMatchObject({ duplicate: true, session: { state: "running" } });
    const contradicting = await report(token, start!.id, "failed", "late failure");
    expect(contradicting.status).toBe(409);
    expect(contradicting.body.error?.code).toBe("already_finished");
    expect(await platform.tableCounts()).toEqual(before);
    expect((await sessionRow(sessionId)).state).toBe("running");

    expect((await stop(sessionId)).status).toBe(202);
    const [stopCommand] = (await heartbeat(token)).body.commands as Commands;
    expect(stopCommand).toMatchObject({ type: "stop_session" });
    await report(token, stopCommand!.id, "completed");
    const ended = await sessionRow(sessionId);
    expect(ended).toMatchObject({ state: "terminated", terminationReason: "user_requested" });
    expect(ended.terminatedAt).toBeInstanceOf(Date);

    const actions = (
      await platform.handle.db
        .select()
        .from(auditEvents)
        .where(eq(auditEvents.sessionId, sessionId))
        .orderBy(auditEvents.id)
    ).map((e) => e.action);
    expect(actions).toEqual([
      "session.created",
      "command.completed",
      "session.running",
      "session.terminating",
      "command.queued",
      "command.completed",
      "session.terminated",
    ]);
    expect((await stop(sessionId)).body.error?.code).toBe("already_final");
  });

  it("refuses a replaced agent's late heartbeats and reports with stale_epoch, changing nothing", async () => {
    const first = await register("agent-e");
    await platform.api("POST", "/api/v1/agents/agent-e/approval", {
      token: platformToken,
      body: { status: "approved" },
    });
    const oldToken = first.body.token as string;
    await heartbeat(oldToken);
    const sessionId = ((await createSession("agent-e")).body.session as { id: string }).id;
    const [start] = (await heartbeat(oldToken)).body.commands as Commands;

    const second = await register("agent-e");
    expect(second.body).toMatchObject({ epoch: 2, approvalStatus: "approved" });
    const before = await platform.tableCounts();

    const lateReport = await report(oldToken, start!.id, "completed");
    expect(lateReport.status).toBe(409);
    expect(lateReport.body.error?.code).toBe("stale_epoch");
    const lateBeat = await heartbeat(oldToken, [sessionId]);
    expect(lateBeat.status).toBe(409);
    expect(lateBeat.body.error?.code).toBe("stale_epoch");
    expect(await platform.tableCounts()).toEqual(before);
    expect((await sessionRow(sessionId)).state).toBe("pending");

    // The new epoch gets the start again: the one dispatched to the dead epoch expires and is requeued.
    const [retried] = (await heartbeat(second.body.token as string)).body.commands as Commands;
    expect(retried).toMatchObject({ type: "start_session", attempt: 2 });
    expect((await commandsOf(sessionId)).map((c) => [c.status, c.attempt])).toEqual([
      ["expired", 1],
      ["dispatched", 2],
    ]);
  });

  it("produces exactly one stop command from concurrent stop requests", async () => {
    const { body } = await register("agent-c");
    await platform.api("POST", "/api/v1/agents/agent-c/approval", {
      token: platformToken,
      body: { status: "approved" },
    });
    await heartbeat(body.token as string);
    const sessionId = ((await createSession("agent-c")).body.session as { id: string }).id;

    const answers = await Promise.all(Array.from({ length: 10 }, () => stop(sessionId)));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(202));
    const stops = (await commandsOf(sessionId)).filter((c) => c.type === "stop_session");
    expect(stops).toHaveLength(1);
    expect((await sessionRow(sessionId)).state).toBe("terminating");
    // The start that was never dispatched is withdrawn, not left to run after the stop.
    expect((await commandsOf(sessionId)).find((c) => c.type === "start_session")?.status).toBe("expired");
  });

  it("expires a dispatched command that is never reported and queues it again, never twice at once", async () => {
    const { body } = await register("agent-x");
    await platform.api("POST", "/api/v1/agents/agent-x/approval", {
      token: platformToken,
      body: { status: "approved" },
    });
    const token = body.token as string;
    await heartbeat(token);
    const sessionId = ((await createSession("agent-x")).body.session as { id: string }).id;
    const [first] = (await heartbeat(token)).body.commands as Commands;
    expect(first!.attempt).toBe(1);

    await new Promise((resolve) => setTimeout(resolve, 2_500)); // past COMMAND_DISPATCH_TIMEOUT_SECONDS=2
    const [second] = (await heartbeat(token)).body.commands as Commands;
    expect(second).toMatchObject({ type: "start_session", attempt: 2 });
    expect(second!.id).not.toBe(first!.id);
    // The late report of the expired attempt is a no-op the agent accepts (never a conflict that
    // would make it give up its batch), and changes nothing.
    const late = await report(token, first!.id, "completed");
    expect(late.status).toBe(200);
    expect(late.body).toMatchObject({
      status: "expired",
      ignored: expect.stringMatching(/expired|dispatch/),
    });
    expect((await commandsOf(sessionId)).map((c) => c.status)).toEqual(["expired", "dispatched"]);
    expect((await report(token, second!.id, "completed")).body).toMatchObject({
      session: { state: "running" },
    });
    expect((await commandsOf(sessionId)).map((c) => c.status)).toEqual(["expired", "completed"]);
  });

  it("long-polls a heartbeat until a command arrives", async () => {
    const { body } = await register("agent-l");
    await platform.api("POST", "/api/v1/agents/agent-l/approval", {
      token: platformToken,
      body: { status: "approved" },
    });
    const token = body.token as string;
    await heartbeat(token);
    const started = Date.now();
    const waiting = heartbeat(token, [], 5);
    await new Promise((resolve) => setTimeout(resolve, 700));
    await createSession("agent-l");
    const answer = await waiting;
    expect((answer.body.commands as Commands).map((c) => c.type)).toEqual(["start_session"]);
    expect(Date.now() - started).toBeLessThan(4_500);
  });
});
