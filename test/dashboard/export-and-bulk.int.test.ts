import { and, count, eq, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { agentCommands, agents, auditEvents, sessions } from "@/lib/db/schema";
import { sharedPlatform } from "@/test/support/platform";
import { callServerAction, readBuiltActions, type BuiltAction } from "@/test/support/server-actions";
import { signInAs } from "@/test/support/users";

// The exports and the bulk action over a filter, through the real app on its own database and the
// real API server: more rows than a page, every one of them in the file, the filter applied; bad
// parameters refused; the typed count checked against the filter at the moment of the call.
const platform = sharedPlatform();

/** RFC 4180 as our encoder writes it: quoted fields may hold commas, quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += c;
  }
  return rows;
}

const exportedSessions = 250;
const stuckSessions = 40;
const overCapSessions = 1_001;
const pad = (i: number) => String(i).padStart(3, "0");

let viewer = "";
let operator = "";
let bulk: BuiltAction;

async function seed() {
  const db = platform.handle.db;
  const now = new Date();
  const agent = (id: string) => ({ id, name: id, cluster: "it", approvalStatus: "approved" as const });
  await db.insert(agents).values([agent("agent-exp"), agent("agent-stk"), agent("agent-cap")]);
  const base = { template: "t", namespace: platform.namespace };
  await db.insert(sessions).values(
    Array.from({ length: exportedSessions }, (_, i) => ({
      ...base,
      id: `s-exp-${pad(i)}`,
      // A formula, quotes, a comma and unicode: the file must keep them as text.
      userId: i === 0 ? '=HYPERLINK("http://evil.example","x")' : i === 1 ? 'Zoë, "quoted"\nnext' : `u-${i}`,
      agentId: "agent-exp",
      state: "hibernated" as const,
    })),
  );
  await db.insert(sessions).values(
    Array.from({ length: stuckSessions }, (_, i) => ({
      ...base,
      id: `s-stk-${pad(i)}`,
      userId: `u-stk-${i}`,
      agentId: "agent-stk",
      state: "terminating" as const,
      stateChangedAt: new Date(now.getTime() - 3_600_000),
    })),
  );
  await db.insert(sessions).values(
    Array.from({ length: overCapSessions }, (_, i) => ({
      ...base,
      id: `s-cap-${String(i).padStart(4, "0")}`,
      userId: `u-cap-${i}`,
      agentId: "agent-cap",
      state: "terminating" as const,
      stateChangedAt: new Date(now.getTime() - 3_600_000),
    })),
  );
  // More audit events than one page of the export's reads (500).
  await db.insert(auditEvents).values(
    Array.from({ length: 600 }, (_, i) => ({
      actorType: "system" as const,
      actorId: "seed",
      action: "test.seeded",
      details: { i, note: i === 7 ? "=cmd|' /C calc'!A0" : "ok" },
    })),
  );
}

beforeAll(async () => {
  await seed();
  viewer = await signInAs(platform.handle.db, platform.app.url, "viewer");
  operator = await signInAs(platform.handle.db, platform.app.url, "operator");
  bulk = readBuiltActions().get("sessions/bulk-over-filter")!;
}, 120_000);

const get = (path: string, cookie = viewer) =>
  fetch(`${platform.app.url}${path}`, { headers: cookie ? { cookie } : {} });

describe("GET /api/export/sessions", () => {
  it("writes every row of the filter in CSV, past the page size, escaped and defused", async () => {
    const response = await get(
      "/api/export/sessions?format=csv&agent=agent-exp&sort=id&dir=asc&page=2&pageSize=25",
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(
      /^attachment; filename="sessions-\d{8}T\d{6}Z\.csv"$/,
    );
    const [header, ...rows] = parseCsv(await response.text());
    expect(header!.slice(0, 7)).toEqual([
      "kind",
      "id",
      "user",
      "namespace",
      "agent",
      "agent_connected",
      "state",
    ]);
    expect(rows).toHaveLength(exportedSessions);
    expect(rows.map((r) => r[1])).toEqual(
      Array.from({ length: exportedSessions }, (_, i) => `s-exp-${pad(i)}`),
    );
    expect(rows[0]![2]).toBe(`'=HYPERLINK("http://evil.example","x")`);
    expect(rows[1]![2]).toBe('Zoë, "quoted"\nnext');
    expect(new Set(rows.map((r) => r[6]))).toEqual(new Set(["hibernated"]));
  });

  it("writes the same rows as one JSON array, and as NDJSON", async () => {
    const json = await get("/api/export/sessions?format=json&agent=agent-exp&sort=id&dir=desc");
    expect(json.headers.get("content-disposition")).toMatch(/filename="sessions-\d{8}T\d{6}Z\.json"/);
    const records = (await json.json()) as { id: string; userId: string; state: string }[];
    expect(records.map((r) => r.id)).toEqual(
      Array.from({ length: exportedSessions }, (_, i) => `s-exp-${pad(exportedSessions - 1 - i)}`),
    );
    expect(records.find((r) => r.id === "s-exp-001")!.userId).toBe('Zoë, "quoted"\nnext');

    const ndjson = await get("/api/export/sessions?format=ndjson&agent=agent-exp");
    expect(ndjson.headers.get("content-type")).toBe("application/x-ndjson; charset=utf-8");
    const lines = (await ndjson.text()).trimEnd().split("\n");
    expect(lines).toHaveLength(exportedSessions);
    expect(new Set(lines.map((l) => (JSON.parse(l) as { agentId: string }).agentId))).toEqual(
      new Set(["agent-exp"]),
    );
  });

  it("applies the filter: only the stuck sessions of their agent", async () => {
    const records = (await (
      await get("/api/export/sessions?format=json&state=terminating&agent=agent-stk")
    ).json()) as { id: string; state: string }[];
    expect(records).toHaveLength(stuckSessions);
    expect(records.every((r) => r.state === "terminating" && r.id.startsWith("s-stk-"))).toBe(true);
  });

  it("is audited with the filter and the row count", async () => {
    await (await get("/api/export/sessions?format=csv&agent=agent-stk&q=s-stk-00")).text();
    const [event] = await platform.handle.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "export.sessions"))
      .orderBy(auditEvents.id)
      .then((events) => events.slice(-1));
    expect(event!.actorType).toBe("user");
    expect(event!.actorId).toMatch(/^viewer-/);
    expect(event!.details).toMatchObject({
      format: "csv",
      filter: { agent: "agent-stk", q: "s-stk-00", ended: "hide" },
      rows: 10,
    });
  });

  it.each([
    ["", /format: csv, json or ndjson/],
    ["?format=xlsx", /format: csv, json or ndjson/],
    ["?format=csv&state=zombie", /state: /],
    ["?format=csv&sort=evil", /sort: /],
    ["?format=csv&limit=5", /unknown parameter limit/],
    [`?format=csv&q=${"x".repeat(201)}`, /q: at most 200 characters/],
  ])("refuses %s with 400 and what is wrong", async (search, message) => {
    const response = await get(`/api/export/sessions${search}`);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(message);
  });

  it("answers a signed-out request 401, with no file", async () => {
    const response = await get("/api/export/sessions?format=csv", "");
    expect(response.status).toBe(401);
    expect(response.headers.get("content-disposition")).toBeNull();
  });
});

describe("GET /api/export/audit", () => {
  it("writes every event of the filter, past one page of reads, in CSV and JSON", async () => {
    const csv = await get("/api/export/audit?format=csv&action=test.seeded&sort=time&dir=asc");
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-disposition")).toMatch(/filename="audit-\d{8}T\d{6}Z\.csv"/);
    const [header, ...rows] = parseCsv(await csv.text());
    expect(header).toEqual([
      "id",
      "occurred_at",
      "actor_type",
      "actor_id",
      "action",
      "session_id",
      "agent_id",
      "details",
    ]);
    expect(rows).toHaveLength(600);
    const details = rows.map((r) => JSON.parse(r[7]!) as { i: number; note: string });
    expect(details.map((d) => d.i)).toEqual(Array.from({ length: 600 }, (_, i) => i));
    // JSON text starts with `{`: nothing to defuse; the formula sits inside it as data.
    expect(details[7]!.note).toBe("=cmd|' /C calc'!A0");

    const json = (await (await get("/api/export/audit?format=json&action=test.*")).json()) as {
      action: string;
      occurredAt: string;
    }[];
    expect(json).toHaveLength(600);
    expect(new Set(json.map((e) => e.action))).toEqual(new Set(["test.seeded"]));
  });

  it("is audited, and does not hold its own event", async () => {
    const before = await platform.handle.db
      .select({ n: count() })
      .from(auditEvents)
      .where(eq(auditEvents.action, "export.audit"));
    const records = (await (
      await get("/api/export/audit?format=json&action=export.audit")
    ).json()) as unknown[];
    expect(records).toHaveLength(before[0]!.n);
    const [event] = await platform.handle.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "export.audit"))
      .orderBy(auditEvents.id)
      .then((events) => events.slice(-1));
    expect(event!.details).toMatchObject({
      format: "json",
      filter: { action: "export.audit" },
      rows: before[0]!.n,
    });
  });

  it.each([
    ["?format=pdf", /format: /],
    ["?format=csv&since=yesterday", /since: not a date/],
    ["?format=csv&actorType=martian", /actorType: /],
    ["?format=csv&since=2026-12-02&until=2026-12-01", /since: must not be after until/],
  ])("refuses %s with 400 and what is wrong", async (search, message) => {
    const response = await get(`/api/export/audit${search}`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(message);
  });

  it("answers a signed-out request 401", async () => {
    expect((await get("/api/export/audit?format=csv", "")).status).toBe(401);
  });
});

describe("bulk action over a filter (sessions/bulk-over-filter)", () => {
  const call = (input: unknown, cookie = operator) =>
    callServerAction(platform.app.url, bulk, input, { cookie }).then((r) => r.text);
  const errorOf = (text: string) => /"ok":false,"error":"((?:[^"\\]|\\.)*)"/.exec(text)?.[1];
  const stuckFilter = { state: "terminating", agent: "agent-stk" };
  const openStops = async (agentId: string) =>
    (
      await platform.handle.db
        .select({ n: count() })
        .from(agentCommands)
        .where(and(eq(agentCommands.agentId, agentId), eq(agentCommands.type, "stop_session")))
    )[0]!.n;

  it("refuses a count that is not the filter's now, and changes nothing", async () => {
    const before = await platform.tableCounts();
    const text = await call({
      operation: "retry-stop",
      filter: stuckFilter,
      confirmCount: stuckSessions - 1,
    });
    expect(errorOf(text)).toBe(
      `the filter now matches ${stuckSessions} sessions, not ${stuckSessions - 1}: look again`,
    );
    expect(await platform.tableCounts()).toEqual(before);
    expect(await openStops("agent-stk")).toBe(0);
  });

  it("refuses a filter over the cap whatever the count typed, and changes nothing", async () => {
    const before = await platform.tableCounts();
    const text = await call({
      operation: "force-terminate",
      filter: { agent: "agent-cap" },
      confirmCount: overCapSessions,
    });
    expect(errorOf(text)).toBe("the filter matches 1,001 sessions; at most 1,000 at once: narrow the filter");
    expect(await platform.tableCounts()).toEqual(before);
    const terminated = await platform.handle.db
      .select({ n: count() })
      .from(sessions)
      .where(and(like(sessions.id, "s-cap-%"), eq(sessions.state, "terminated")));
    expect(terminated[0]!.n).toBe(0);
  });

  it("with the right count, runs the operation on each matching session and answers each result", async () => {
    const text = await call({ operation: "retry-stop", filter: stuckFilter, confirmCount: stuckSessions });
    const line = text.split("\n").find((l) => l.includes('"ok":true'))!;
    const result = JSON.parse(line.slice(line.indexOf(":") + 1)) as {
      data: { matched: number; items: { sessionId: string; outcome?: { status: string } }[] };
    };
    expect(result.data.matched).toBe(stuckSessions);
    expect(result.data.items.map((i) => i.sessionId).sort()).toEqual(
      Array.from({ length: stuckSessions }, (_, i) => `s-stk-${pad(i)}`),
    );
    expect(result.data.items.every((i) => i.outcome?.status === "applied")).toBe(true);
    expect(await openStops("agent-stk")).toBe(stuckSessions);
    expect(await openStops("agent-cap")).toBe(0);
    const [event] = await platform.handle.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "sessions.bulk_over_filter"));
    expect(event!.details).toMatchObject({
      operation: "retry-stop",
      filter: { state: "terminating", agent: "agent-stk" },
      matched: stuckSessions,
      applied: stuckSessions,
      failed: 0,
    });
  });

  it("refuses a viewer, and changes nothing", async () => {
    const before = await platform.tableCounts();
    const text = await call(
      { operation: "retry-stop", filter: stuckFilter, confirmCount: stuckSessions },
      viewer,
    );
    expect(errorOf(text)).toMatch(/requires the operator role/);
    expect(await platform.tableCounts()).toEqual(before);
  });
});
