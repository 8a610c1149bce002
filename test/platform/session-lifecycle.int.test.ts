import { AppsV1Api, CoreV1Api } from "@kubernetes/client-node";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentCommands, auditEvents, sessions } from "@/lib/db/schema";
import { testEnvironment, testKubeConfig, waitFor } from "@/test/support/kube";
import { bootstrapToken, platformToken, startPlatform, type Platform } from "@/test/support/platform";
import { freezeInLongPoll, waitForAgentConnection } from "@/test/support/agent-control";
import { startAgent, type Spawned } from "@/test/support/processes";

// Sessions run for real: the app and PostgreSQL, reference agents as separate processes, and the
// local cluster's API server, controllers and KWOK making the pods.
describe("session lifecycle with real agents on the local cluster", () => {
  let platform: Platform;
  const agentsStarted: Spawned[] = [];
  const kubeConfig = testKubeConfig();
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const apps = kubeConfig.makeApiClient(AppsV1Api);

  beforeAll(async () => {
    platform = await startPlatform(testEnvironment());
  });
  afterAll(async () => {
    await Promise.all(agentsStarted.map((a) => a.kill("SIGKILL")));
    await platform?.stop();
    await core.deleteNamespace({ name: platform.namespace }).catch(() => undefined);
  });

  const launch = (agentId: string) => {
    const agent = startAgent(agentId, {
      controlPlaneUrl: platform.app.url,
      bootstrapToken,
      kubeconfig: platform.kubeconfig,
      waitSeconds: 3,
    });
    agentsStarted.push(agent);
    return agent;
  };
  const connected = (agentId: string) => waitForAgentConnection(platform, agentId);
  const create = async (agentId: string) => {
    const { status, body } = await platform.api("POST", "/api/v1/sessions", {
      token: platformToken,
      body: { userId: "user-1", template: "registry.invalid/workspace:1", agentId },
    });
    expect(status).toBe(201);
    return (body.session as { id: string }).id;
  };
  const row = async (id: string) =>
    (await platform.handle.db.select().from(sessions).where(eq(sessions.id, id)))[0]!;
  const waitForState = (id: string, state: string) =>
    waitFor(
      `session ${id} to be ${state}`,
      async () => ((await row(id)).state === state ? true : undefined),
      30_000,
    );
  const livePods = async (id: string) =>
    (
      await core.listNamespacedPod({ namespace: platform.namespace, labelSelector: `session=${id}` })
    ).items.filter((p) => p.status?.phase === "Running" && !p.metadata?.deletionTimestamp);
  const objectsExist = async (id: string) => {
    const selector = `session=${id},app.kubernetes.io/managed-by=${platform.installation}`;
    const [deployments, services] = await Promise.all([
      apps.listNamespacedDeployment({ namespace: platform.namespace, labelSelector: selector }),
      core.listNamespacedService({ namespace: platform.namespace, labelSelector: selector }),
    ]);
    return { deployments: deployments.items.length, services: services.items.length };
  };

  it("creates a session with agent A: Deployment, Service and a Running pod exist, labelled; DB says running", async () => {
    launch("agent-a");
    await connected("agent-a");
    const id = await create("agent-a");
    await waitForState(id, "running");
    const pods = await waitFor("a Running pod", async () =>
      (await livePods(id)).length === 1 ? livePods(id) : undefined,
    );
    expect(pods[0]!.metadata?.labels).toMatchObject({
      session: id,
      "session-reconciler.io/agent": "agent-a",
      "app.kubernetes.io/managed-by": platform.installation,
    });
    expect(await objectsExist(id)).toEqual({ deployments: 1, services: 1 });
    const agent = await waitFor("the agent's inventory to list the session", async () => {
      const { body } = await platform.api("GET", "/api/v1/agents", { token: platformToken });
      const found = (body.agents as { id: string; inventory: string[] }[]).find((a) => a.id === "agent-a");
      return found?.inventory.includes(id) ? found : undefined;
    });
    expect(agent.inventory).toContain(id);
  });

  it("stops a session while agent A is alive: objects gone, DB terminated (user_requested), every step audited", async () => {
    const id = await create("agent-a");
    await waitForState(id, "running");
    expect((await platform.api("POST", `/api/v1/sessions/${id}/stop`, { token: platformToken })).status).toBe(
      202,
    );
    await waitForState(id, "terminated");
    expect(await row(id)).toMatchObject({ terminationReason: "user_requested" });
    expect(await objectsExist(id)).toEqual({ deployments: 0, services: 0 });
    await waitFor("the pods to go", async () => ((await livePods(id)).length === 0 ? true : undefined));
    const actions = (
      await platform.handle.db
        .select()
        .from(auditEvents)
        .where(eq(auditEvents.sessionId, id))
        .orderBy(auditEvents.id)
    ).map((e) => `${e.actorType}:${e.action}`);
    expect(actions).toEqual([
      "platform:session.created",
      "agent:command.completed",
      "agent:session.running",
      "platform:session.terminating",
      "platform:command.queued",
      "agent:command.completed",
      "agent:session.terminated",
    ]);
  });

  it("reproduces the incident: agent A dies holding the stop, a replacement comes, the session stays terminating with its pod Running", async () => {
    const id = await create("agent-a");
    await waitForState(id, "running");
    await waitFor("a Running pod", async () => ((await livePods(id)).length === 1 ? true : undefined));
    const agentA = agentsStarted[0]!;

    // Freeze agent A so it takes the stop command into its open long poll but never acts on it,
    // then kill it: the pod is deleted "before it processes the stop".
    await freezeInLongPoll(platform, agentA, "agent-a");
    expect((await platform.api("POST", `/api/v1/sessions/${id}/stop`, { token: platformToken })).status).toBe(
      202,
    );
    await waitFor("the stop to be dispatched to agent A", async () => {
      const commands = await platform.handle.db
        .select()
        .from(agentCommands)
        .where(eq(agentCommands.sessionId, id));
      return commands.some((c) => c.type === "stop_session" && c.status === "dispatched") ? true : undefined;
    });
    await agentA.kill("SIGKILL");
    await waitFor(
      "agent A's disconnect to be recorded",
      async () => {
        const events = await platform.handle.db
          .select()
          .from(auditEvents)
          .where(eq(auditEvents.agentId, "agent-a"));
        return events.some((e) => e.action === "agent.disconnected") ? true : undefined;
      },
      20_000,
    );

    launch("agent-b");
    await connected("agent-b");
    await new Promise((resolve) => setTimeout(resolve, 3_000));

    expect(await row(id)).toMatchObject({
      state: "terminating",
      terminationReason: "user_requested",
      terminatedAt: null,
    });
    expect(await objectsExist(id)).toEqual({ deployments: 1, services: 1 });
    expect(await livePods(id)).toHaveLength(1);
  });

  it("exits an agent cleanly on SIGTERM", async () => {
    const agentC = launch("agent-c");
    await connected("agent-c");
    expect(await agentC.kill("SIGTERM")).toBe(0);
  });
});
