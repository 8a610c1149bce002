import { randomBytes } from "node:crypto";
import { AppsV1Api, CoreV1Api } from "@kubernetes/client-node";
import { afterAll, describe, expect, it } from "vitest";
import { deriveSessionLabels } from "@/lib/k8s/model/labels";
import { deriveSessionDeployment, deriveSessionService } from "@/lib/k8s/model/session-manifests";
import { createSessionObjects, deleteSessionObjects, parseEqualitySelector } from "@/lib/k8s/session-objects";
import { deriveStopPayload } from "@/lib/platform/command-payloads";
import { testKubeConfig } from "@/test/support/kube";

// The agent's own Kubernetes work, against the real API server: a name is not an identity. An
// object that took a session's name but is not that session's (another installation's, someone's
// hand-made one) is neither adopted by a start nor deleted by a stop.
const kubeConfig = testKubeConfig();
const core = kubeConfig.makeApiClient(CoreV1Api);
const apps = kubeConfig.makeApiClient(AppsV1Api);
const namespace = `sr-foreign-${randomBytes(3).toString("hex")}`;
afterAll(() => core.deleteNamespace({ name: namespace }).catch(() => undefined));

const specFor = (sessionId: string, installation: string) => ({
  sessionId,
  namespace,
  image: "img:1",
  sessionLabelKey: "session",
  labels: deriveSessionLabels({ sessionLabelKey: "session", installation, sessionId, agentId: "agent-a" }),
});

async function foreignObjects(sessionId: string) {
  // Same name, another installation's labels.
  const theirs = specFor(sessionId, "someone-else");
  await core.createNamespace({ body: { metadata: { name: namespace } } }).catch(() => undefined);
  const d = await apps.createNamespacedDeployment({ namespace, body: deriveSessionDeployment(theirs) });
  const s = await core.createNamespacedService({ namespace, body: deriveSessionService(theirs) });
  return { deployment: d.metadata!.uid!, service: s.metadata!.uid! };
}

describe("objects under a session's name that are not the session's", () => {
  it("are left alone by the stop, which deletes only what carries our labels", async () => {
    const id = `s-${randomBytes(6).toString("hex")}`;
    const uids = await foreignObjects(id);
    const stop = deriveStopPayload({
      sessionId: id,
      namespace,
      installation: "ours",
      sessionLabelKey: "session",
    });
    const result = await deleteSessionObjects(kubeConfig, {
      namespace,
      name: id,
      ownedBy: parseEqualitySelector(stop.labelSelector),
    });
    expect(result).toEqual({
      deployment: false,
      service: false,
      foreign: [`Deployment ${namespace}/${id}`, `Service ${namespace}/${id}`],
    });
    expect((await apps.readNamespacedDeployment({ namespace, name: id })).metadata!.uid).toBe(
      uids.deployment,
    );
    expect((await core.readNamespacedService({ namespace, name: id })).metadata!.uid).toBe(uids.service);

    // Our own session's objects still go.
    const ours = `s-${randomBytes(6).toString("hex")}`;
    await createSessionObjects(kubeConfig, specFor(ours, "ours"));
    const ownStop = deriveStopPayload({
      sessionId: ours,
      namespace,
      installation: "ours",
      sessionLabelKey: "session",
    });
    expect(
      await deleteSessionObjects(kubeConfig, {
        namespace,
        name: ours,
        ownedBy: parseEqualitySelector(ownStop.labelSelector),
      }),
    ).toEqual({ deployment: true, service: true, foreign: [] });
  });

  it("are not taken for the session's own by a start: the start fails and says why", async () => {
    const id = `s-${randomBytes(6).toString("hex")}`;
    const uids = await foreignObjects(id);
    await expect(createSessionObjects(kubeConfig, specFor(id, "ours"))).rejects.toThrow(
      /Deployment .* exists and is not this session's/,
    );
    expect((await apps.readNamespacedDeployment({ namespace, name: id })).metadata!.uid).toBe(
      uids.deployment,
    );
    // A retried start of our own session is still harmless.
    const ours = `s-${randomBytes(6).toString("hex")}`;
    await createSessionObjects(kubeConfig, specFor(ours, "ours"));
    await expect(createSessionObjects(kubeConfig, specFor(ours, "ours"))).resolves.toBeUndefined();
  });
});
