import { describe, expect, it } from "vitest";
import {
  connected,
  cron,
  reconcileHarness,
  runningSession,
  sessionRow,
  sleep,
} from "@/test/support/reconcile-harness";

// Someone at the agents' address (one node, one NAT) sends bad bearer tokens to the agent API, on
// and on. The agents' own heartbeats come from the same address.
const harness = reconcileHarness();

describe("a lockout from the agents' address", () => {
  it("never silences a valid agent, so its sessions are not ended as lost", async () => {
    const platform = await harness.platformWith({
      AUTH_RATE_LIMIT_PER_MINUTE: "3",
      AGENT_DISCONNECT_GRACE_SECONDS: "1",
    });
    harness.launchAgent(platform, "agent-nat");
    await connected(platform, "agent-nat");
    const id = await runningSession(platform, "agent-nat");

    const attack = async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const response = await fetch(`${platform.app.url}/api/v1/agents/heartbeat`, {
          method: "POST",
          headers: { authorization: `Bearer sra.agent-nat.1.guess${i}`, "content-type": "application/json" },
          body: JSON.stringify({ inventory: [], waitSeconds: 0 }),
        });
        statuses.push(response.status);
      }
      return statuses;
    };
    expect((await attack()).slice(-2)).toEqual([429, 429]);
    // Keep it up for longer than the heartbeat timeout and the grace.
    for (let i = 0; i < 5; i++) {
      await sleep(2_000);
      await attack();
    }
    const { body } = await cron(platform);
    expect(body.outcomes).toEqual([]);
    expect((await sessionRow(platform, id)).state).toBe("running");
    await connected(platform, "agent-nat", true, 1_000);
  });
});
