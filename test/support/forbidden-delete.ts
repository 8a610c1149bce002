import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { CoreV1Api, KubeConfig, RbacAuthorizationV1Api } from "@kubernetes/client-node";
import { afterAll } from "vitest";
import { testEnvironment, testKubeConfig } from "./kube";

/**
 * Kubeconfigs acting as a service account of `namespace` that may read and create sessions'
 * objects but never delete them: every delete through one is a real 403. The cluster-scoped role
 * and binding it needs are deleted after the file's tests (an afterAll registered here); the
 * namespaced ones go with the namespace.
 */
export function forbiddenDeletes() {
  const kubeConfig = testKubeConfig();
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const rbac = kubeConfig.makeApiClient(RbacAuthorizationV1Api);
  const clusterScoped: string[] = [];
  afterAll(async () => {
    for (const name of clusterScoped) {
      await rbac.deleteClusterRoleBinding({ name }).catch(() => undefined);
      await rbac.deleteClusterRole({ name }).catch(() => undefined);
    }
  });

  /** The path of a kubeconfig acting as `account` of `namespace`: read and create, never delete. */
  async function kubeconfigWithoutDelete(namespace: string, account = "stopless-agent"): Promise<string> {
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
    return writeImpersonating(namespace, account);
  }

  return { kubeconfigWithoutDelete };
}

/** The test cluster's kubeconfig, impersonating `account` of `namespace`, written to a file. */
function writeImpersonating(namespace: string, account: string): string {
  const restricted = new KubeConfig();
  restricted.loadFromFile(testEnvironment().kubeconfig);
  const current = restricted.getCurrentUser()!;
  restricted.users = restricted.users.map((user) =>
    user.name === current.name
      ? { ...user, impersonateUser: `system:serviceaccount:${namespace}:${account}` }
      : user,
  );
  const file = path.join(os.tmpdir(), `sr-${namespace}-${account}.kubeconfig`);
  writeFileSync(file, restricted.exportConfig(), { mode: 0o600 });
  return file;
}
