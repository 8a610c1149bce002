import { describe, expect, it } from "vitest";
import { deriveCommandResultTransition } from "./command-result";
import { sessionStates, type SessionState, type TransitionRequest } from "./state-machine";

const cases: [
  string,
  "start_session" | "stop_session",
  "completed" | "failed",
  SessionState,
  TransitionRequest,
][] = [
  ["start completed", "start_session", "completed", "pending", { to: "running" }],
  ["start failed", "start_session", "failed", "pending", { to: "failed", reason: "start_failed" }],
  ["stop completed", "stop_session", "completed", "terminating", { to: "terminated" }],
];

describe("deriveCommandResultTransition", () => {
  it.each(cases)("%s: from %s", (_name, commandType, status, from, request) => {
    expect(deriveCommandResultTransition({ commandType, status, sessionState: from })).toEqual(request);
  });

  it("changes nothing once the session has left the state the command left it in", () => {
    for (const [, commandType, status, from] of cases) {
      for (const sessionState of sessionStates.filter((s) => s !== from)) {
        expect(deriveCommandResultTransition({ commandType, status, sessionState })).toBeUndefined();
      }
    }
  });

  it("changes nothing on a failed stop", () => {
    for (const sessionState of sessionStates) {
      expect(
        deriveCommandResultTransition({ commandType: "stop_session", status: "failed", sessionState }),
      ).toBeUndefined();
    }
  });
});
