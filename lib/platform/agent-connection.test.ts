import { describe, expect, it } from "vitest";
import { fixedClock } from "@/test/support/builders";
import { deriveAgentConnection, deriveFreshInventory } from "./agent-connection";

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

describe("deriveFreshInventory", () => {
  const now = new Date("2026-11-28T12:00:00Z");
  const at = (s: number) => new Date(now.getTime() - s * 1000);
  it.each([
    ["connected, reported 5 s ago: evidence", true, at(5), ["s-1"], true],
    ["connected, reported 40 s ago (past the 30 s timeout): stale", true, at(40), ["s-1"], false],
    ["disconnected: nothing", false, at(5), ["s-1"], false],
    ["never reported: nothing", true, null, [], false],
  ] as const)("%s", (_name, connected, reportedAt, inventory, fresh) => {
    const result = deriveFreshInventory(
      { inventory: [...inventory], inventoryReportedAt: reportedAt },
      connected,
      now,
      30,
    );
    expect(result !== undefined).toBe(fresh);
    if (fresh) expect([...result!.sessionIds]).toEqual(inventory);
  });
});
