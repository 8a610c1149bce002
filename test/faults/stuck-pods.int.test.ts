import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  CoreV1Api,
  KubeConfig,
  PatchStrategy,
  RbacAuthorizationV1Api,
  setHeaderOptions,
} from "@kubernetes/client-node";
import { and, eq, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { recordAudit } from "@/lib/db/queries/audit";
import { getInstallationId } from "@/lib/db/queries/installation";
import { auditEvents, sessions } from "@/lib/db/schema";
import { deriveSessionLabels, INSTALLATION_ID_ANNOTATION } from "@/lib/k8s/model/labels";
import { FORCE_DELETE_WARNING } from "@/lib/k8s/model/pod-repair";
import { executeRemovePodFinalizers } from "@/lib/pods/repair";
import { testEnvironment, testKubeConfig, waitFor } from "@/test/support/kube";
import type { Platform } from "@/test/support/platform";
import { bootstrapToken, platformToken } from "@/test/support/platform";
import { connected, cron, reconcileHarness, runningSession } from "@/test/support/reconcile-harness";
import { callServerAction, readBuiltActions, type BuiltAction } from "@/test/support/server-actions";
import { HOLD_FINALIZER, makeStuckPod, podGone } from "@/test/support/stuck-pods";
import { signInAs } from "@/test/support/users";

// Stuck pods made for real in the local cluster (a pod bound to a Node that does not exist; a
// finalizer of our own), repaired through the real app's server actions as an admin would; and the
// session page's timeline read from the real app, with the Events the controller-manager emitted.
const kubeConfig = testKubeConfig();
const core = kubeConfig.makeApiClient(CoreV1Api);
const harness = reconcileHarness();

let platform: Platform;
let admin: string;
let actions: Map<string, BuiltAction>;
let installationId: string;
beforeAll(async () => {
  // A 1 s margin: a pod deleted with a 1 s grace period is stuck within seconds.
  platform = await harness.platformWith({ POD_TERMINATING_MARGIN_SECONDS: "1" });
  admin = await signInAs(platform.handle.db, platform.app.url, "admin");
  actions = readBuiltActions();
  installationId = await getInstallationId(platform.handle.db);
}, 120_000);

const newSessionId = () => `s-${randomBytes(6).toString("hex")}`;
const oursFor = (sessionId: string) => ({
  namespace: platform.namespace,
  labels: deriveSessionLabels({
    sessionLabelKey: "session",
    installation: platform.installation,
    sessionId,
    agentId: "gone",
  }),
  annotations: { [INSTALLATION_ID_ANNOTATION]: installationId },
});

/** Calls a pod repair action as `cookie` (the admin by default); answers its `{ ok, … }` result. */
async function repair(
  name: "pods/remove-pod-finalizers" | "pods/force-delete-pod",
  input: Record<string, unknown>,
  cookie = admin,
): Promise<{ ok: boolean; error?: string; data?: Record<string, unknown> }> {
  const { text } = await callServerAction(platform.app.url, actions.get(name)!, input, { cookie });
  for (const line of text.split("\n")) {
    const json = line.slice(line.indexOf(":") + 1);
    if (!json.startsWith('{"ok"')) continue;
    return JSON.parse(json) as { ok: boolean; error?: string; data?: Record<string, unknown> };
  }
  throw new Error(`no action result in ${text.slice(0, 500)}`);
}

const inputFor = (sessionId: string, pod: { metadata?: { name?: string; resourceVersion?: string } }) => ({
  sessionId,
  namespace: platform.namespace,
  name: pod.metadata!.name!,
  resourceVersion: pod.metadata!.resourceVersion!,
  confirmName: pod.metadata!.name!,
});

const readPod = (name: string) => core.readNamespacedPod({ namespace: platform.namespace, name });
const auditFor = (sessionId: string, action: string) =>
  platform.handle.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.sessionId, sessionId), like(auditEvents.action, action)));

/** Changes the pod (a label) so the version the admin saw is stale: a real concurrent writer. */
const touch = (name: string) =>
  core.patchNamespacedPod(
    { namespace: platform.namespace, name, body: { metadata: { labels: { "example.com/touched": "yes" } } } },
    setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
  );

describe("Remove finalizers", () => {
  it("lists the finalizer, refuses a stale version (409) changing nothing, then removes it at the current one", async () => {
    const sessionId = newSessionId();
    const stuck = await makeStuckPod(kubeConfig, { ...oursFor(sessionId), on: "kwok", finalizer: true });
    const name = stuck.metadata!.name!;
    await new Promise((resolve) => setTimeout(resolve, 2_500)); // past grace (1 s) + margin (1 s)

    // The fault: someone changes the pod after the admin looked.
    const seen = inputFor(sessionId, stuck);
    await touch(name);
    const stale = await repair("pods/remove-pod-finalizers", seen);
    expect(stale).toEqual({ ok: false, error: "the pod changed since you looked; reload" });
    expect((await readPod(name)).metadata!.finalizers).toEqual([HOLD_FINALIZER]);
    expect((await auditFor(sessionId, "pod.finalizers_remove_failed"))[0]!.details).toMatchObject({
      pod: name,
      error: "the pod changed since you looked; reload",
    });

    const current = await readPod(name);
    const removed = await repair("pods/remove-pod-finalizers", inputFor(sessionId, current));
    expect(removed).toEqual({ ok: true, data: { finalizers: [HOLD_FINALIZER] } });
    expect(await podGone(kubeConfig, platform.namespace, name)).toBe(true);
    const [audited] = await auditFor(sessionId, "pod.finalizers_removed");
    expect(audited).toMatchObject({ actorType: "user" });
    expect(audited!.details).toMatchObject({ pod: name, finalizers: [HOLD_FINALIZER] });
  });

  it("is refused to an operator, and without the typed name", async () => {
    const sessionId = newSessionId();
    const stuck = await makeStuckPod(kubeConfig, { ...oursFor(sessionId), on: "kwok", finalizer: true });
    const operator = await signInAs(platform.handle.db, platform.app.url, "operator");
    const asOperator = await repair("pods/remove-pod-finalizers", inputFor(sessionId, stuck), operator);
    expect(asOperator.error).toMatch(/requires the admin role/);
    const untyped = await repair("pods/remove-pod-finalizers", {
      ...inputFor(sessionId, stuck),
      confirmName: "x",
    });
    expect(untyped.error).toMatch(/confirmName: type the pod's name to confirm/);
    expect((await readPod(stuck.metadata!.name!)).metadata!.finalizers).toEqual([HOLD_FINALIZER]);
    // Let it go: nobody else ever will.
    await core.patchNamespacedPod(
      {
        namespace: platform.namespace,
        name: stuck.metadata!.name!,
        body: { metadata: { finalizers: null } },
      },
      setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
    );
  });
});

describe("without the chart's rbac.podRepair", () => {
  it("Remove finalizers gets a real 403 and says the flag is off; the finalizer stays, the refusal is audited", async () => {
    // A service account with exactly the chart's default pod verbs (no patch), impersonated.
    const account = "no-pod-patch";
    const rbac = kubeConfig.makeApiClient(RbacAuthorizationV1Api);
    const sessionId = newSessionId();
    const stuck = await makeStuckPod(kubeConfig, { ...oursFor(sessionId), on: "kwok", finalizer: true });
    await core.createNamespacedServiceAccount({
      namespace: platform.namespace,
      body: { metadata: { name: account } },
    });
    await rbac.createNamespacedRole({
      namespace: platform.namespace,
      body: {
        metadata: { name: account },
        rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["get", "list", "watch", "delete"] }],
      },
    });
    await rbac.createNamespacedRoleBinding({
      namespace: platform.namespace,
      body: {
        metadata: { name: account },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: account },
        subjects: [{ kind: "ServiceAccount", name: account, namespace: platform.namespace }],
      },
    });
    const restricted = new KubeConfig();
    restricted.loadFromFile(testEnvironment().kubeconfig);
    const user = restricted.getCurrentUser()!;
    restricted.users = restricted.users.map((u) =>
      u.name === user.name
        ? { ...u, impersonateUser: `system:serviceaccount:${platform.namespace}:${account}` }
        : u,
    );
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const deps = {
      kubeConfig: restricted,
      installation: platform.installation,
      installationId,
      sessionLabelKey: "session",
      marginSeconds: 1,
      recordAudit: (event: Parameters<typeof recordAudit>[1]) => recordAudit(platform.handle.db, event),
      clock: () => new Date(),
    };
    const { confirmName: _typed, ...request } = inputFor(sessionId, await readPod(stuck.metadata!.name!));
    await expect(
      executeRemovePodFinalizers(request, { type: "user", id: "test-admin" }, deps),
    ).rejects.toThrow(
      "this installation's service account may not patch pods: the chart's rbac.podRepair is off",
    );
    expect((await readPod(stuck.metadata!.name!)).metadata!.finalizers).toEqual([HOLD_FINALIZER]);
    expect((await auditFor(sessionId, "pod.finalizers_remove_failed"))[0]!.details).toMatchObject({
      error: expect.stringMatching(/rbac.podRepair is off/),
    });
    await core.patchNamespacedPod(
      {
        namespace: platform.namespace,
        name: stuck.metadata!.name!,
        body: { metadata: { finalizers: null } },
      },
      setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
    );
  });
});

describe("Force delete", () => {
  it("on a lost node: says the node is lost, refuses a stale version, then the pod is gone", async () => {
    const sessionId = newSessionId();
    const stuck = await makeStuckPod(kubeConfig, {
      ...oursFor(sessionId),
      on: "lost-node",
      finalizer: false,
    });
    const name = stuck.metadata!.name!;
    await new Promise((resolve) => setTimeout(resolve, 2_500));

    const seen = inputFor(sessionId, stuck);
    await touch(name);
    const stale = await repair("pods/force-delete-pod", seen);
    expect(stale).toEqual({ ok: false, error: "the pod changed since you looked; reload" });
    expect((await readPod(name)).metadata!.uid).toBe(stuck.metadata!.uid);

    const deleted = await repair("pods/force-delete-pod", inputFor(sessionId, await readPod(name)));
    expect(deleted.ok).toBe(true);
    expect(deleted.data).toMatchObject({ warning: FORCE_DELETE_WARNING, finalizers: [] });
    expect(deleted.data!.nodeLoss).toMatch(
      new RegExp(`^its node ${stuck.spec!.nodeName} is lost: the process may still run there`),
    );
    expect(await podGone(kubeConfig, platform.namespace, name)).toBe(true);
    const [audited] = await auditFor(sessionId, "pod.force_deleted");
    expect(audited!.details).toMatchObject({
      pod: name,
      node: stuck.spec!.nodeName,
      uid: stuck.metadata!.uid,
    });
  });

  it("refuses a pod that is not ours, and one of ours that is not stuck; nothing changes", async () => {
    const sessionId = newSessionId();
    const ours = oursFor(sessionId);
    // Same labels, another installation's id: another installation's pod.
    const foreign = await makeStuckPod(kubeConfig, {
      ...ours,
      annotations: { [INSTALLATION_ID_ANNOTATION]: "another-installation" },
      on: "lost-node",
      finalizer: true,
    });
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const refusedForeign = await repair("pods/force-delete-pod", inputFor(sessionId, foreign));
    expect(refusedForeign.error).toMatch(/does not carry this installation's id: left alone/);
    const refusedFinalizers = await repair("pods/remove-pod-finalizers", inputFor(sessionId, foreign));
    expect(refusedFinalizers.error).toMatch(/does not carry this installation's id/);
    expect((await readPod(foreign.metadata!.name!)).metadata!.finalizers).toEqual([HOLD_FINALIZER]);

    const live = await core.createNamespacedPod({
      namespace: platform.namespace,
      body: {
        metadata: { name: `${sessionId}-live`, labels: ours.labels, annotations: ours.annotations },
        spec: { containers: [{ name: "main", image: "registry.example/ws:1" }] },
      },
    });
    const refusedLive = await repair("pods/force-delete-pod", inputFor(sessionId, live));
    expect(refusedLive.error).toMatch(/is not Terminating: nothing to repair/);
    expect((await readPod(live.metadata!.name!)).metadata!.deletionTimestamp).toBeUndefined();
    expect((await auditFor(sessionId, "pod.force_delete_failed")).length).toBe(2);
    expect(await auditFor(sessionId, "pod.force_deleted")).toEqual([]);

    await core.patchNamespacedPod(
      {
        namespace: platform.namespace,
        name: foreign.metadata!.name!,
        body: { metadata: { finalizers: null } },
      },
      setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
    );
  });
});

describe("the session page's timeline", () => {
  it("shows the Deployment's ScalingReplicaSet Event and the reconcile run that acted on the session", async () => {
    harness.launchAgent(platform, "agent-events");
    await connected(platform, "agent-events");
    const sessionId = await runningSession(platform, "agent-events");
    // Leaked: the row says terminated while the objects live; the next pass deletes them.
    await platform.handle.db
      .update(sessions)
      .set({ state: "terminated", terminationReason: "user_requested", terminatedAt: new Date() })
      .where(eq(sessions.id, sessionId));
    const { body } = await cron(platform);
    expect(body.plan).toEqual(
      expect.arrayContaining([expect.objectContaining({ sessionId, type: "delete-objects" })]),
    );
    const runId = body.runId as number;

    const html = await waitFor("the Deployment's Events on the session page", async () => {
      const response = await fetch(`${platform.app.url}/sessions/${sessionId}`, {
        headers: { cookie: admin },
      });
      const text = await response.text();
      return text.includes("ScalingReplicaSet") ? text : undefined;
    });
    expect(html).toContain(`href="/runs/${runId}"`);
    expect(html).toContain(`reconcile run ${runId}`);
    expect(html).toMatch(/data-source="event"/);
    expect(html).toMatch(/data-source="run"/);
    expect(html).not.toContain("events could not be read");
  });
});

describe("the session page when its Events cannot be read", () => {
  it("says so and still renders the rest of the page", async () => {
    // The app's own credentials without the events verbs: every Events list is a real 403.
    const rbac = kubeConfig.makeApiClient(RbacAuthorizationV1Api);
    const suffix = randomBytes(3).toString("hex");
    const [account, namespace, role] = ["no-events", `sr-noevents-${suffix}`, `sr-noevents-${suffix}`];
    await core.createNamespace({ body: { metadata: { name: namespace } } });
    await core.createNamespacedServiceAccount({ namespace, body: { metadata: { name: account } } });
    const read = ["get", "list", "watch"];
    try {
      await rbac.createClusterRole({
        body: {
          metadata: { name: role },
          rules: [
            { apiGroups: ["apps"], resources: ["deployments"], verbs: read },
            { apiGroups: [""], resources: ["services", "pods"], verbs: read },
            { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: read },
          ],
        },
      });
      await rbac.createClusterRoleBinding({
        body: {
          metadata: { name: role },
          roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role },
          subjects: [{ kind: "ServiceAccount", name: account, namespace }],
        },
      });
      const restricted = new KubeConfig();
      restricted.loadFromFile(testEnvironment().kubeconfig);
      const user = restricted.getCurrentUser()!;
      restricted.users = restricted.users.map((u) =>
        u.name === user.name ? { ...u, impersonateUser: `system:serviceaccount:${namespace}:${account}` } : u,
      );
      const file = path.join(os.tmpdir(), `sr-${namespace}.kubeconfig`);
      writeFileSync(file, restricted.exportConfig(), { mode: 0o600 });
      const blind = await harness.platformWith({}, { kubeconfig: file });
      const registered = await blind.api("POST", "/api/v1/agents/register", {
        token: bootstrapToken,
        body: { agentId: "agent-blind", cluster: "it" },
      });
      // One heartbeat: the agent is connected, so the session can be created (it stays pending).
      await blind.api("POST", "/api/v1/agents/heartbeat", {
        token: registered.body.token as string,
        body: { inventory: [], waitSeconds: 0 },
      });
      const { body } = await blind.api("POST", "/api/v1/sessions", {
        token: platformToken,
        body: { userId: "u-1", template: "registry.example/ws:1", agentId: "agent-blind" },
      });
      expect(body.session, JSON.stringify(body)).toBeDefined();
      const id = (body.session as { id: string }).id;
      const cookie = await signInAs(blind.handle.db, blind.app.url, "viewer");
      const response = await fetch(`${blind.app.url}/sessions/${id}`, { headers: { cookie } });
      const html = await response.text();
      expect(response.status).toBe(200);
      expect(html).toMatch(/events could not be read: /);
      expect(html).toContain('data-testid="live-objects"');
      expect(html).toContain("session.created");
    } finally {
      await rbac.deleteClusterRoleBinding({ name: role }).catch(() => undefined);
      await rbac.deleteClusterRole({ name: role }).catch(() => undefined);
      await core.deleteNamespace({ name: namespace }).catch(() => undefined);
    }
  });
});
