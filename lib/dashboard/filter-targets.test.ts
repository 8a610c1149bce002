import { describe, expect, it } from "vitest";
import { deriveFilterTargets } from "./filter-targets";
import type { SessionsFilter } from "./query";
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
    severity: "error",
    drift: [{ driftClass: "stuck-terminating", severity: "error", sentence: "terminating for 48 min" }],
  });

const rows = [row("s-a"), stuck("s-b"), stuck("s-c"), row("s-d", { state: "terminated" }), stuck("s-e")];
const terminating: SessionsFilter = { state: "terminating", ended: "hide" };

describe("deriveFilterTargets", () => {
  it.each<{ name: string; filter: SessionsFilter; confirm: number; cap?: number; expected: unknown }>([
    {
      name: "the typed count is the count now: every matching session",
      filter: terminating,
      confirm: 3,
      expected: { ok: true, sessionIds: ["s-b", "s-c", "s-e"] },
    },
    {
      name: "the filter grew since the person looked",
      filter: terminating,
      confirm: 2,
      expected: { ok: false, refusal: "the filter now matches 3 sessions, not 2: look again" },
    },
    {
      name: "the filter shrank",
      filter: { drift: "stuck-terminating", agent: "agent-a", ended: "hide" },
      confirm: 4,
      expected: { ok: false, refusal: "the filter now matches 3 sessions, not 4: look again" },
    },
    {
      name: "one session, said in the singular",
      filter: { q: "s-a", ended: "hide" },
      confirm: 2,
      expected: { ok: false, refusal: "the filter now matches 1 session, not 2: look again" },
    },
    {
      name: "over the cap: refused whatever was typed",
      filter: terminating,
      confirm: 3,
      cap: 2,
      expected: { ok: false, refusal: "the filter matches 3 sessions; at most 2 at once: narrow the filter" },
    },
    {
      name: "exactly the cap is allowed",
      filter: terminating,
      confirm: 3,
      cap: 3,
      expected: { ok: true, sessionIds: ["s-b", "s-c", "s-e"] },
    },
    {
      name: "nothing matches",
      filter: { agent: "agent-z", ended: "hide" },
      confirm: 0,
      expected: { ok: false, refusal: "the filter matches no session" },
    },
    {
      name: "quiet ended sessions stay hidden unless the filter shows them, as on the page",
      filter: { ended: "hide" },
      confirm: 4,
      expected: { ok: true, sessionIds: ["s-b", "s-c", "s-e", "s-a"] },
    },
    {
      name: "shown, they count",
      filter: { ended: "show" },
      confirm: 5,
      expected: { ok: true, sessionIds: ["s-b", "s-c", "s-e", "s-a", "s-d"] },
    },
  ])("$name", ({ filter, confirm, cap, expected }) => {
    expect(deriveFilterTargets(rows, filter, confirm, cap)).toEqual(expected);
  });

  it("says large counts with separators", () => {
    const many = Array.from({ length: 1_001 }, (_, i) => stuck(`s-${i}`));
    expect(deriveFilterTargets(many, terminating, 1_001)).toEqual({
      ok: false,
      refusal: "the filter matches 1,001 sessions; at most 1,000 at once: narrow the filter",
    });
  });
});
