import { describe, expect, it } from "vitest";
import { checkBlastRadius } from "./blast-radius";
import type { Action } from "./types";

const limits = {
  maxDeletions: 4,
  maxSessionPercent: 25,
  minSessionsForPercent: 20,
  maxDestructivePerHour: 1000,
};
const del = (n: number): Action => ({
  type: "delete-objects",
  sessionId: `s-${n}`,
  objects: [
    { kind: "Deployment", namespace: "ns", name: `s-${n}`, uid: `d-${n}` },
    { kind: "Service", namespace: "ns", name: `s-${n}`, uid: `s-${n}` },
  ],
  driftClass: "orphaned-resources",
  reason: "",
});
const end = (n: number): Action => ({
  type: "terminate-session",
  sessionId: `s-${n}`,
  evidence: { state: "running", stateChangedAt: "2026-12-03T00:00:00.000Z", agentSilent: "agent-a" },
  terminationReason: "agent_disconnected",
  objects: [],
  driftClass: "agent-lost",
  reason: "",
});

describe("checkBlastRadius", () => {
  it.each([
    ["small plan", [del(1), del(2)], 100, undefined],
    ["too many deletions", [del(1), del(2), del(3)], 100, /delete 6 objects \(limit 4\)/],
    [
      "too large a share of sessions",
      Array.from({ length: 30 }, (_, i) => end(i)),
      100,
      /end 30 of 100 active sessions \(30 %, limit 25 %\)/,
    ],
    ["a large share of very few sessions is allowed", [end(1), end(2)], 3, undefined],
  ])("%s", (_name, actions, active, expected) => {
    const result = checkBlastRadius(actions, active, limits);
    if (expected === undefined) expect(result).toBeUndefined();
    else expect(result).toMatch(expected);
  });

  it("stops a plan that deletes too large a share of the observed objects as orphans", () => {
    // 3 orphans (6 objects) of 20 observed: 30 % > 25 %. An empty database would plan all of them.
    expect(checkBlastRadius([del(1), del(2), del(3)], 0, { ...limits, maxDeletions: 100 }, 20)).toMatch(
      /delete 6 of 20 observed Deployments and Services as orphans \(30 %, limit 25 %\)/,
    );
    expect(checkBlastRadius([del(1), del(2)], 0, { ...limits, maxDeletions: 100 }, 20)).toBeUndefined();
    // Too few objects for a share to mean anything.
    expect(
      checkBlastRadius([del(1), del(2), del(3)], 0, { ...limits, maxDeletions: 100 }, 8),
    ).toBeUndefined();
  });

  it("holds a plan that would spend more than the hour's budget, counting what earlier passes did", () => {
    const budget = { ...limits, maxDeletions: 100, maxDestructivePerHour: 5 };
    expect(checkBlastRadius([del(1), del(2)], 0, budget, 0, 0)).toBeUndefined();
    expect(checkBlastRadius([del(1), del(2)], 0, budget, 0, 2)).toMatch(
      /bring the last hour's deletions and endings to 6 \(2 done, 4 planned; limit 5 an hour\)/,
    );
    // Nothing destructive planned: nothing to hold, however much was spent.
    expect(checkBlastRadius([], 0, budget, 0, 50)).toBeUndefined();
  });
});
