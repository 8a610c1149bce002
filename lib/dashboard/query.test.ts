import { describe, expect, it } from "vitest";
import { parseSessionsQuery, querySessionRows } from "./query";
import type { SessionRowView } from "./session-rows";

const cell = { state: "present" as const, severity: "ok" as const, text: "" };
const row = (id: string, over: Partial<SessionRowView> = {}): SessionRowView => ({
  kind: "session",
  id,
  userId: `user-${id}`,
  namespace: "sessions",
  agentId: "agent-a",
  agent: { connected: true, since: null, approvalStatus: "approved" },
  state: "running",
  stateChangedAt: "2026-11-28T11:00:00.000Z",
  deployment: cell,
  service: cell,
  pods: { ...cell, count: 1 },
  drift: [],
  driftUnknown: [],
  severity: "ok",
  ...over,
});
const stuck = (id: string) =>
  row(id, {
    state: "terminating",
    agentId: "agent-old",
    severity: "error",
    drift: [{ driftClass: "stuck-terminating", severity: "error", sentence: "terminating for 48 min" }],
  });
const rows = [
  row("s-a"),
  stuck("s-b"),
  row("s-c", { namespace: "team-x" }),
  stuck("s-d"),
  row("s-orphan", { kind: "orphan", state: null }),
];

describe("parseSessionsQuery", () => {
  it("applies defaults and ignores what does not parse", () => {
    expect(parseSessionsQuery({ drift: "nonsense", page: "-3", sort: "evil", q: "  x " })).toMatchObject({
      drift: undefined,
      page: 1,
      sort: "severity",
      dir: "desc",
      q: "x",
      pageSize: 50,
    });
  });

  it("refuses an over-long text filter naming it, or drops it for the page", () => {
    expect(() => parseSessionsQuery({ q: "x".repeat(201) })).toThrow("q: at most 200 characters");
    expect(() => parseSessionsQuery({ agent: "a".repeat(64) })).toThrow("agent: at most 63 characters");
    const dropped = parseSessionsQuery({ q: "x".repeat(201), agent: "agent-a" }, "drop");
    expect(dropped.q).toBeUndefined();
    expect(dropped.agent).toBe("agent-a");
  });
});

describe("querySessionRows", () => {
  const query = (params: Record<string, string>) => querySessionRows(rows, parseSessionsQuery(params));

  it("puts drift first by default and counts classes over all rows", () => {
    const page = query({});
    expect(page.rows.map((r) => r.id)).toEqual(["s-b", "s-d", "s-a", "s-c", "s-orphan"]);
    expect(page.counts["stuck-terminating"]).toBe(2);
    expect(page.counts["agent-lost"]).toBe(0);
  });

  it.each([
    [{ drift: "stuck-terminating" }, ["s-b", "s-d"]],
    [{ drift: "none" }, ["s-a", "s-c", "s-orphan"]],
    [{ state: "orphan" }, ["s-orphan"]],
    [{ agent: "agent-old" }, ["s-b", "s-d"]],
    [{ namespace: "team-x" }, ["s-c"]],
    [{ q: "48 MIN" }, ["s-b", "s-d"]],
    [{ q: "user-s-c" }, ["s-c"]],
  ])("filters by %j", (params, ids) => {
    const page = query(params);
    expect(page.rows.map((r) => r.id).sort()).toEqual(ids);
    expect(page.counts["stuck-terminating"]).toBe(2);
  });

  it("pages with a stable order and clamps the page", () => {
    const second = query({ sort: "id", dir: "asc", pageSize: "10", page: "1" });
    expect(second.rows.map((r) => r.id)).toEqual(["s-a", "s-b", "s-c", "s-d", "s-orphan"]);
    const many = Array.from({ length: 25 }, (_, i) => row(`s-${String(i).padStart(2, "0")}`));
    const page3 = querySessionRows(
      many,
      parseSessionsQuery({ sort: "id", dir: "asc", pageSize: "10", page: "9" }),
    );
    expect(page3).toMatchObject({ page: 3, pageCount: 3, filteredTotal: 25, total: 25 });
    expect(page3.rows.map((r) => r.id)).toEqual(["s-20", "s-21", "s-22", "s-23", "s-24"]);
  });
});
