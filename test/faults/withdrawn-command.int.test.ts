import { describe, expect, it } from "vitest";
import { testEnvironment, waitFor } from "@/test/support/kube";
import { platformToken } from "@/test/support/platform";
import {
  commandsOf,
  connected,
  reconcileHarness,
  runningSession,
  sessionRow,
  sleep,
} from "@/test/support/reconcile-harness";
import { callServerAction, readBuiltActions } from "@/test/support/server-actions";
import { proxiedKubeconfig } from "@/test/support/tcp-proxy";
import { signInAs } from "@/test/support/users";

const harness = reconcileHarness();

describe("a command withdrawn while its agent works it", () => {
  it("is answered as a no-op the agent accepts: the agent goes on with its work", async () => {
    const { proxy, kubeconfig } = await proxiedKubeconfig(testEnvironment().kubeconfig, "withdrawn");
    try {
      const platform = await harness.platformWith({});
      const agent = harness.launchAgent(platform, "agent-w", kubeconfig);
      await connected(platform, "agent-w");
      const id = await runningSession(platform, "agent-w");

      // The agent takes the stop while its API server hangs; an operator force-terminates meanwhile.
      proxy.freeze();
      await platform.api("POST", `/api/v1/sessions/${id}/stop`, { token: platformToken });
      await waitFor("the stop to be dispatched", async () =>
        (await commandsOf(platform, id)).some((c) => c.type === "stop_session" && c.status === "dispatched")
          ? true
          : undefined,
      );
      const cookie = await signInAs(platform.handle.db, platform.app.url, "operator");
      const { text } = await callServerAction(
        platform.app.url,
        readBuiltActions().get("sessions/force-terminate")!,
        { sessionIds: [id] },
        { cookie },
      );
      expect(text).toContain('"ok":true');
      expect((await sessionRow(platform, id)).state).toBe("terminated");
      const stop = (await commandsOf(platform, id)).find((c) => c.type === "stop_session")!;
      expect(stop).toMatchObject({ status: "expired", error: expect.stringMatching(/^withdrawn:/) });

      // The API server answers again: the agent finishes the stop and reports the withdrawn command.
      proxy.thaw();
      await sleep(5_000);
      expect(agent.child.exitCode).toBeNull();
      expect((await commandsOf(platform, id)).find((c) => c.id === stop.id)?.status).toBe("expired");
      // And it goes on working: a new session on it starts.
      await connected(platform, "agent-w");
      expect((await sessionRow(platform, await runningSession(platform, "agent-w"))).state).toBe("running");
    } finally {
      proxy.thaw();
      await proxy.close();
    }
  });
});
