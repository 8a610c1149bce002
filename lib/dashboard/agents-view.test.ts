import { describe, expect, it } from "vitest";
import { describeAgentCutOff } from "./agents-view";

describe("describeAgentCutOff", () => {
  const base = { heartbeatTimeoutSeconds: 30, graceSeconds: 30 };
  it("says an automatic reconciler ends the sessions, and when", () => {
    expect(describeAgentCutOff({ ...base, active: 3, agentLostMode: "automatic" })).toBe(
      "Its 3 active sessions lose their agent: about 1 min after its last heartbeat the reconciler ends them as agent-lost and deletes their Deployments, Services and pods.",
    );
  });
  it("says who ends them in manual mode, and that nothing does when it is off", () => {
    expect(describeAgentCutOff({ ...base, active: 1, agentLostMode: "manual" })).toMatch(
      /^Its 1 active session loses its agent: .* for a person to end\.$/,
    );
    expect(describeAgentCutOff({ ...base, active: 2, agentLostMode: "off" })).toMatch(
      /keep running unmanaged/,
    );
  });
  it("says so when there is nothing to lose", () => {
    expect(describeAgentCutOff({ ...base, active: 0, agentLostMode: "automatic" })).toBe(
      "It holds no active sessions.",
    );
  });
});
