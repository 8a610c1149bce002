import { AppsV1Api } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { forbiddenDeletes } from "@/test/support/forbidden-delete";
import { testKubeConfig, waitFor } from "@/test/support/kube";
import { platformToken } from "@/test/support/platform";
import {
  auditOf,
  commandsOf,
  connected,
  cron,
  reconcileHarness,
  runningSession,
  sessionRow,
  sleep,
} from "@/test/support/reconcile-harness";

// The seed incident's own symptom, made for real: the agent is connected and answers, but every
// stop it tries fails — its account may create sessions' objects and not delete them (RBAC 403).
// Retried for ever, the session's pods would run for ever; past STOP_ESCALATE_ATTEMPTS the
// reconciler forces it, deleting the objects with its own account.
const kubeConfig = testKubeConfig();
const apps = kubeConfig.makeApiClient(AppsV1Api);
const harness = reconcileHarness();
const { kubeconfigWithoutDelete } = forbiddenDeletes();

describe("stops that fail again and again while the agent is connected", () => {
  it("are escalated to a force terminate after STOP_ESCALATE_ATTEMPTS, and the objects go", async () => {
    const platform = await harness.platformWith({
      STUCK_TERMINATING_SECONDS: "1",
      RETRY_STOP_BACKOFF_SECONDS: "1",
      STOP_ESCALATE_ATTEMPTS: "2",
    });
    const kubeconfig = await kubeconfigWithoutDelete(platform.namespace);
    harness.launchAgent(platform, "agent-403", kubeconfig);
    await connected(platform, "agent-403");
    const id = await runningSession(platform, "agent-403");
    await platform.api("POST", `/api/v1/sessions/${id}/stop`, { token: platformToken });
    const failedStops = async () =>
      (await commandsOf(platform, id)).filter((c) => c.type === "stop_session" && c.status === "failed");
    await waitFor("the agent's first stop to fail", async () =>
      (await failedStops()).length >= 1 ? true : undefined,
    );
    expect((await failedStops())[0]!.error).toMatch(/forbidden|403/i);

    // Passes until the session is over, as the loop would make them; every stop fails the same way.
    for (let pass = 0; pass < 8 && (await sessionRow(platform, id)).state === "terminating"; pass++) {
      await sleep(2_200); // past the backoff
      expect((await cron(platform)).status).toBe(200);
      await waitFor("no stop open", async () =>
        (await commandsOf(platform, id)).some((c) => c.status === "pending" || c.status === "dispatched")
          ? undefined
          : true,
      );
    }
    const row = await sessionRow(platform, id);
    expect(row).toMatchObject({ state: "terminated", terminationReason: "stuck_timeout" });
    expect((await failedStops()).length).toBe(2);
    const [forced] = await auditOf(platform, "session.force_terminated");
    expect(JSON.stringify(forced?.details)).toMatch(/2 stops failed \(last: .*(forbidden|403)/i);
    await waitFor("the Deployment to go", async () =>
      (await apps.listNamespacedDeployment({ namespace: platform.namespace })).items.some(
        (d) => d.metadata?.labels?.session === id && !d.metadata.deletionTimestamp,
      )
        ? undefined
        : true,
    );
  });
});
