import { randomBytes } from "node:crypto";
import { AppsV1Api, CoreV1Api, type V1Pod } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testKubeConfig, waitFor } from "@/test/support/kube";
import { getClusterStatus } from "./cluster-status";
import { deriveManagedSelector, deriveSessionLabels, MANAGED_BY_LABEL } from "./model/labels";

// Proves the local cluster is a real control plane: the API server stores objects, the
// controller-manager turns a Deployment into Pods and garbage-collects them, the scheduler binds
// them to KWOK's nodes and KWOK runs them.
describe("the local Kubernetes cluster through @kubernetes/client-node", () => {
  const kubeConfig = testKubeConfig();
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const apps = kubeConfig.makeApiClient(AppsV1Api);
  const suffix = randomBytes(4).toString("hex");
  const namespace = `sr-it-${suffix}`;
  const sessionId = `s-${suffix}`;
  const installation = "session-reconciler-test";
  const labels = deriveSessionLabels({
    sessionLabelKey: "session",
    installation,
    sessionId,
    agentId: "agent-it",
  });
  const selector = `session=${sessionId},${deriveManagedSelector(installation)}`;

  const listPods = async () => (await core.listNamespacedPod({ namespace, labelSelector: selector })).items;
  const isRunning = (pod: V1Pod) => pod.status?.phase === "Running" && !pod.metadata?.deletionTimestamp;

  beforeAll(async () => {
    await core.createNamespace({ body: { metadata: { name: namespace } } });
    await waitFor(
      "the namespace's default service account",
      async () => (await core.readNamespacedServiceAccount({ name: "default", namespace })) ?? undefined,
    );
  });
  afterAll(async () => {
    await core.deleteNamespace({ name: namespace }).catch(() => undefined);
  });

  it("answers with its version", async () => {
    const status = await getClusterStatus(kubeConfig);
    expect(status).toMatchObject({ reachable: true, version: expect.stringMatching(/^v1\.\d+\.\d+/) });
  });

  it(
    "runs a session-labelled Deployment's two pods and removes them when it is deleted",
    { timeout: 300_000 },
    async () => {
      await apps.createNamespacedDeployment({
        namespace,
        body: {
          metadata: { name: sessionId, labels },
          spec: {
            replicas: 2,
            selector: { matchLabels: { session: sessionId } },
            template: {
              metadata: { labels },
              spec: { containers: [{ name: "workspace", image: "registry.invalid/workspace:1" }] },
            },
          },
        },
      });
      await core.createNamespacedService({
        namespace,
        body: {
          metadata: { name: sessionId, labels },
          spec: { selector: { session: sessionId }, ports: [{ port: 80, targetPort: 8080 }] },
        },
      });

      // This proves the controllers work, not how fast: on two busy cores (the whole suite, a third
      // cluster starting beside it) the controllers have taken over a minute. The timeout says where
      // the pods were, and how far the Deployment got, when it is reached all the same.
      let seen = "no pod yet";
      const running = await waitFor(
        "two Running pods",
        async () => {
          const pods = await listPods();
          const deployment = await apps.readNamespacedDeployment({ name: sessionId, namespace });
          seen = `pods ${JSON.stringify(pods.map((p) => [p.spec?.nodeName ?? "unscheduled", p.status?.phase]))}, deployment status ${JSON.stringify(deployment.status ?? {})}`;
          return pods.filter(isRunning).length === 2 ? pods : undefined;
        },
        200_000,
      ).catch((error: Error) => {
        throw new Error(`${error.message}; last seen: ${seen}`);
      });
      for (const pod of running) {
        expect(pod.metadata?.labels).toMatchObject({ session: sessionId, [MANAGED_BY_LABEL]: installation });
        expect(pod.spec?.nodeName).toMatch(/^kwok-node-/);
      }
      const service = await core.readNamespacedService({ name: sessionId, namespace });
      expect(service.metadata?.labels).toMatchObject(labels);

      await apps.deleteNamespacedDeployment({ name: sessionId, namespace, propagationPolicy: "Background" });
      await waitFor(
        "the pods to go",
        async () => ((await listPods()).length === 0 ? true : undefined),
        90_000,
      );
      const deployments = await apps.listNamespacedDeployment({ namespace, labelSelector: selector });
      expect(deployments.items).toHaveLength(0);
    },
  );
});
