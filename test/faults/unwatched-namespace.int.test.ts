import { describe, expect, it } from "vitest";
import { platformToken } from "@/test/support/platform";
import { connected, reconcileHarness } from "@/test/support/reconcile-harness";

// An app allowed to look only at some namespaces (a Role per namespace) is asked for a session
// elsewhere: the agent would start it where the app cannot see, and the reconciler would fail it
// as missing while its pods run.
const harness = reconcileHarness();

describe("a session in a namespace the app does not watch", () => {
  it("is refused with 400 and changes nothing", async () => {
    const watched = await harness.platformWith({ WATCH_NAMESPACES: "sr-watched-only" });
    harness.launchAgent(watched, "agent-ns");
    await connected(watched, "agent-ns");
    const before = await watched.tableCounts();
    const { status, body } = await watched.api("POST", "/api/v1/sessions", {
      token: platformToken,
      body: { userId: "u-1", template: "registry.example/ws:1", agentId: "agent-ns", namespace: "elsewhere" },
    });
    expect(status).toBe(400);
    expect(body.error).toMatchObject({
      code: "namespace_not_watched",
      message: expect.stringMatching(
        /namespace elsewhere is not one this installation observes \(sr-watched-only\)/,
      ),
    });
    expect(await watched.tableCounts()).toEqual(before);
  });
});
