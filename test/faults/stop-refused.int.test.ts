import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { AppsV1Api, CoreV1Api, KubeConfig, RbacAuthorizationV1Api } from "@kubernetes/client-node";
import { afterAll, describe, expect, it } from "vitest";
import { testEnvironment, testKubeConfig, waitFor } from "@/test/support/kube";
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
const core = kubeConfig.makeApiClient(CoreV1Api);
const apps = kubeConfig.makeApiClient(AppsV1Api);
const rbac = kubeConfig.makeApiClient(RbacAuthorizationV1Api);
const harness = reconcileHarness();
const clusterScoped: string[] = [];
afterAll(async () => {
  for (const name of clusterScoped) {
    await rbac.deleteClusterRoleBinding({ name }).catch(() => undefined);
    await rbac.deleteClusterRole({ name }).catch(() => undefined);
  }
});

/** A kubeconfig acting as a service account that may read and create, but never delete. */
async function kubeconfigWithoutDelete(namespace: string): Promise<string> {
  const account = "stopless-agent";
  const subject = { kind: "ServiceAccount", name: account, namespace };
  const read = { verbs: ["get", "list", "watch"] };
  await core.createNamespace({ body: { metadata: { name: namespace } } }).catch(() => undefined);
  await core.createNamespacedServiceAccount({ namespace, body: { metadata: { name: account } } });
  const name = `${namespace}-${account}`;
  clusterScoped.push(name);
  await rbac.createClusterRole({
    body: {
      metadata: { name },
      rules: [
        { apiGroups: ["apps"], resources: ["deployments"], ...read },
        { apiGroups: [""], resources: ["services", "pods"], ...read },
      ],
    },
  });
  await rbac.createClusterRoleBinding({
    body: {
      metadata: { name },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name },
      subjects: [subject],
    },
  });
  await rbac.createNamespacedRole({
    namespace,
    body: {
      metadata: { name: account },
      rules: [
        { apiGroups: ["apps"], resources: ["deployments"], verbs: ["create"] },
        { apiGroups: [""], resources: ["services"], verbs: ["create"] },
      ],
    },
  });
  await rbac.createNamespacedRoleBinding({
    namespace,
    body: {
      metadata: { name: account },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: account },
      subjects: [subject],
    },
  });
  const restricted = new KubeConfig();
  restricted.loadFromFile(testEnvironment().kubeconfig);
  const current = restricted.getCurrentUser()!;
  restricted.users = restricted.users.map((user) =>
    user.name === current.name
      ? { ...user, impersonateUser: `system:serviceaccount:${namespace}:${account}` }
      : user,
  );
  const file = path.join(os.tmpdir(), `sr-${namespace}-stopless.kubeconfig`);
  writeFileSync(file, restricted.exportConfig(), { mode: 0o600 });
  return file;
}

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
