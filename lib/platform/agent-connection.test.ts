import { describe, expect, it } from "vitest";
import { fixedClock } from "@/test/support/builders";
import { deriveAgentConnection } from "./agent-connection";

const { now: NOW, ago } = fixedClock("2026-11-28T12:00:00Z");

describe("deriveAgentConnection", () => {
  it("never heard from → disconnected", () => {
    expect(
      deriveAgentConnection({ lastHeartbeatAt: null, connectedAt: null, disconnectedAt: null }, NOW, 30),
    ).toEqual({
      connected: false,
      since: null,
    });
  });
  it("heartbeat within the timeout → connected since the connection began", () => {
    expect(
      deriveAgentConnection(
        { lastHeartbeatAt: ago(29), connectedAt: ago(600), disconnectedAt: null },
        NOW,
        30,
      ),
    ).toEqual({ connected: true, since: ago(600) });
  });
  it("heartbeat older than the timeout → disconnected since it expired, even before a sweep recorded it", () => {
    expect(
      deriveAgentConnection(
        { lastHeartbeatAt: ago(100), connectedAt: ago(600), disconnectedAt: null },
        NOW,
        30,
      ),
    ).toEqual({ connected: false, since: ago(70) });
  });
});
