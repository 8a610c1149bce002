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

describe("page size", () => {
  it.each([
    ["25", 25],
    ["100", 100],
    ["10", 50],
    ["30", 50],
    ["nonsense", 50],
  ])("offers page sizes 25, 50 and 100 only: %j gives %d", (pageSize, expected) => {
    expect(parseSessionsQuery({ pageSize }).pageSize).toBe(expected);
  });
});

describe("ended sessions without drift", () => {
  const ended = [
    row("s-run"),
    row("s-done", { state: "terminated" }),
    row("s-fail", { state: "failed" }),
    row("s-leak", {
      state: "terminated",
      severity: "error",
      drift: [{ driftClass: "leaked-resources", severity: "error", sentence: "objects left" }],
    }),
  ];
  const ids = (params: Record<string, string>) => {
    const page = querySessionRows(ended, parseSessionsQuery(params));
    return { ids: page.rows.map((r) => r.id).sort(), hidden: page.hiddenEnded };
  };

  it("are hidden by default and counted, ended ones with drift stay", () => {
    expect(ids({})).toEqual({ ids: ["s-leak", "s-run"], hidden: 2 });
  });

  it("show with ended=show, or when the state filter asks for an ended state", () => {
    expect(ids({ ended: "show" })).toEqual({ ids: ["s-done", "s-fail", "s-leak", "s-run"], hidden: 0 });
    expect(ids({ state: "failed" })).toEqual({ ids: ["s-fail"], hidden: 0 });
  });

  it("count only those the other filters let through", () => {
    expect(ids({ q: "s-done" })).toEqual({ ids: [], hidden: 1 });
  });

  it("an unknown choice of ended falls back to hiding", () => {
    expect(parseSessionsQuery({ ended: "maybe" }).ended).toBe("hide");
  });
});

describe("sorting by state", () => {
  it("follows the lifecycle, no row last, longest in the state first within one either way", () => {
    const mixed = [
      row("s-t", { state: "terminating", stateChangedAt: "2026-11-28T10:00:00.000Z" }),
      row("s-o", { kind: "orphan", state: null }),
      row("s-p", { state: "pending" }),
      row("s-t2", { state: "terminating", stateChangedAt: "2026-11-28T09:00:00.000Z" }),
      row("s-r", { state: "running" }),
    ];
    const asc = querySessionRows(mixed, parseSessionsQuery({ sort: "state", dir: "asc" }));
    expect(asc.rows.map((r) => r.id)).toEqual(["s-p", "s-r", "s-t2", "s-t", "s-o"]);
    const desc = querySessionRows(mixed, parseSessionsQuery({ sort: "state", dir: "desc" }));
    expect(desc.rows.map((r) => r.id)).toEqual(["s-o", "s-t2", "s-t", "s-r", "s-p"]);
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
    const second = query({ sort: "id", dir: "asc", pageSize: "25", page: "1" });
    expect(second.rows.map((r) => r.id)).toEqual(["s-a", "s-b", "s-c", "s-d", "s-orphan"]);
    const many = Array.from({ length: 55 }, (_, i) => row(`s-${String(i).padStart(2, "0")}`));
    const page3 = querySessionRows(
      many,
      parseSessionsQuery({ sort: "id", dir: "asc", pageSize: "25", page: "9" }),
    );
    expect(page3).toMatchObject({ page: 3, pageCount: 3, filteredTotal: 55, total: 55 });
    expect(page3.rows.map((r) => r.id)).toEqual(["s-50", "s-51", "s-52", "s-53", "s-54"]);
  });
});
