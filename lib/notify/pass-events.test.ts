import { describe, expect, it } from "vitest";
import type { DriftAgent } from "@/lib/drift/classify";
import { deriveAllSilent, derivePassEvents, type PassOutcome } from "./pass-events";

const NOW = new Date("2026-12-04T03:00:00.000Z");
const ago = (s: number) => new Date(NOW.getTime() - s * 1000);
const agent = (
  id: string,
  connected: boolean,
  since: Date | null,
  approval: DriftAgent["approvalStatus"] = "approved",
) => [id, { id, approvalStatus: approval, connection: { connected, since } }] as const;

const base: PassOutcome = {
  runId: 5,
  trigger: "loop",
  status: "succeeded",
  now: NOW,
  sessions: [{ id: "s-1", state: "terminating", stateChangedAt: ago(600), agentId: "a" }],
  findings: [],
  agents: new Map([agent("a", true, ago(3600))]),
};

describe("derivePassEvents", () => {
  it("nothing when nothing is wrong", () => {
    expect(derivePassEvents(base)).toEqual([]);
  });

  it("one session.stuck per stuck session (an action and an attention item for it: still one)", () => {
    const events = derivePassEvents({
      ...base,
      findings: [
        { sessionId: "s-1", driftClass: "stuck-terminating", reason: "terminating for 10 min" },
        { sessionId: "s-1", driftClass: "pods-stuck-terminating", sentence: "pod stuck" },
        { sessionId: "s-2", driftClass: "leaked-resources" },
      ],
    });
    expect(events).toEqual([
      {
        type: "session.stuck",
        occurredAt: NOW.toISOString(),
        sessionId: "s-1",
        agentId: "a",
        state: "terminating",
        stateChangedAt: ago(600).toISOString(),
        driftClass: "stuck-terminating",
        sentence: "terminating for 10 min",
      },
    ]);
  });

  it.each([
    ["blocked", "run.blocked"],
    ["failed", "run.failed"],
  ])("a %s run → %s", (status, type) => {
    const events = derivePassEvents({ ...base, status, reason: "why" });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type, runId: 5, trigger: "loop" });
  });

  it.each(["succeeded", "partial", "skipped", "dry_run"])("a %s run raises no run event", (status) => {
    expect(derivePassEvents({ ...base, status })).toEqual([]);
  });
});

describe("deriveAllSilent", () => {
  it.each([
    [
      "all approved silent: since the last fell silent",
      [agent("a", false, ago(300)), agent("b", false, ago(100))],
      { agentCount: 2, silentSince: ago(100).toISOString() },
    ],
    ["one still connected", [agent("a", false, ago(300)), agent("b", true, ago(100))], undefined],
    [
      "pending agents do not count",
      [agent("a", false, ago(300)), agent("p", true, ago(1), "pending")],
      { agentCount: 1, silentSince: ago(300).toISOString() },
    ],
    ["no approved agent at all", [agent("p", false, ago(1), "pending")], undefined],
    ["never heard agents do not count", [agent("a", false, null)], undefined],
  ] as const)("%s", (_, agents, expected) => {
    expect(deriveAllSilent(new Map(agents))).toEqual(expected);
  });
});
