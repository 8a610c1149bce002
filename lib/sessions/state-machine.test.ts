import { describe, expect, it } from "vitest";
import {
  canTransition,
  deriveSourceStates,
  InvalidTransitionError,
  planTransition,
  sessionStates,
  type SessionState,
} from "./state-machine";

const NOW = new Date("2026-11-28T12:00:00Z");
const allowed: [SessionState, SessionState][] = [
  ["pending", "running"],
  ["pending", "terminating"],
  ["pending", "failed"],
  ["running", "hibernated"],
  ["running", "terminating"],
  ["running", "failed"],
  ["hibernated", "running"],
  ["hibernated", "terminating"],
  ["terminating", "terminated"],
];

describe("the transition table", () => {
  it("allows exactly the documented transitions", () => {
    const actual = sessionStates.flatMap((from) =>
      sessionStates.filter((to) => canTransition(from, to)).map((to) => [from, to]),
    );
    expect(actual).toEqual(allowed);
  });

  it("derives the compare-and-set source states", () => {
    expect(deriveSourceStates("terminating")).toEqual(["pending", "running", "hibernated"]);
    expect(deriveSourceStates("terminated")).toEqual(["terminating"]);
    expect(deriveSourceStates("pending")).toEqual([]);
  });
});

describe("planTransition", () => {
  const session = (state: SessionState) => ({ id: "s-1", state, terminationReason: null });

  it("starts termination with its reason and no end time", () => {
    expect(planTransition(session("running"), { to: "terminating", reason: "user_requested" }, NOW)).toEqual({
      state: "terminating",
      stateChangedAt: NOW,
      terminationReason: "user_requested",
      terminatedAt: null,
    });
  });

  it("keeps the reason given at terminating when the session becomes terminated", () => {
    const terminating = {
      id: "s-1",
      state: "terminating" as const,
      terminationReason: "user_requested" as const,
    };
    expect(planTransition(terminating, { to: "terminated" }, NOW)).toMatchObject({
      terminationReason: "user_requested",
      terminatedAt: NOW,
    });
  });

  it("lets a force override the reason", () => {
    const terminating = {
      id: "s-1",
      state: "terminating" as const,
      terminationReason: "user_requested" as const,
    };
    expect(planTransition(terminating, { to: "terminated", reason: "stuck_timeout" }, NOW)).toMatchObject({
      terminationReason: "stuck_timeout",
    });
  });

  it.each([
    ["terminated", "running", /already terminated/],
    ["failed", "terminating", /already failed/],
    ["terminating", "running", /cannot go from terminating to running \(allowed: terminated\)/],
    ["hibernated", "failed", /cannot go from hibernated to failed/],
  ] as const)("refuses %s → %s", (from, to, message) => {
    const attempt = () => planTransition(session(from), { to, reason: "admin_forced" }, NOW);
    expect(attempt).toThrow(InvalidTransitionError);
    expect(attempt).toThrow(message);
  });

  it("requires a reason to end a session and refuses one otherwise", () => {
    expect(() => planTransition(session("running"), { to: "terminating" }, NOW)).toThrow(
      /reason is required/,
    );
    expect(() =>
      planTransition(session("pending"), { to: "running", reason: "user_requested" }, NOW),
    ).toThrow(/only applies/);
  });
});
