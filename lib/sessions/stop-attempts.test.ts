import { describe, expect, it } from "vitest";
import { deriveStopAttempts } from "./stop-attempts";

const at = (m: number) => new Date(Date.UTC(2026, 11, 4, 12, m));
const cmd = (type: string, status: string, m: number, error: string | null = null) => ({
  type,
  status,
  createdAt: at(m),
  finishedAt: status === "pending" || status === "dispatched" ? null : at(m + 1),
  error,
});

describe("deriveStopAttempts", () => {
  it("counts stops only, says whether one is open and gives the last error", () => {
    expect(
      deriveStopAttempts([
        cmd("start_session", "completed", 0),
        cmd("stop_session", "failed", 5, "deployments.apps is forbidden"),
        cmd("stop_session", "expired", 10, "not reported in time"),
        cmd("stop_session", "dispatched", 20),
      ]),
    ).toEqual({ attempts: 3, open: true, lastAt: at(20), lastError: "not reported in time" });
  });

  it("is zero attempts with no stop", () => {
    expect(deriveStopAttempts([cmd("start_session", "completed", 0)])).toEqual({
      attempts: 0,
      open: false,
      lastAt: null,
      lastError: null,
    });
  });
});
