import { describe, expect, it } from "vitest";
import { deriveAgentHealth } from "./agent-health";

const NOW = new Date("2026-12-03T12:00:00.000Z");
const agent = (approvalStatus: "pending" | "approved" | "rejected", heartbeatSecondsAgo: number | null) => ({
  approvalStatus,
  lastHeartbeatAt: heartbeatSecondsAgo === null ? null : new Date(NOW.getTime() - heartbeatSecondsAgo * 1000),
  connectedAt: null,
  disconnectedAt: null,
});

describe("deriveAgentHealth", () => {
  it("counts approved agents as connected within the heartbeat timeout, silent past it or never", () => {
    const agents = [
      agent("approved", 5),
      agent("approved", 30),
      agent("approved", 31),
      agent("approved", null),
      agent("pending", 1),
      agent("rejected", 1),
    ];
    expect(deriveAgentHealth(agents, NOW, 30)).toEqual({ connected: 2, silent: 2, pending: 1 });
  });

  it("is all zero without agents", () => {
    expect(deriveAgentHealth([], NOW, 30)).toEqual({ connected: 0, silent: 0, pending: 0 });
  });
});
