import { afterEach, describe, expect, it, vi } from "vitest";
import { parseEnv } from "@/lib/config/env";
import type { DeleteResult } from "@/lib/k8s/delete-object";
import { QUARANTINE_ANNOTATIONS as Q } from "@/lib/k8s/model/labels";
import type { MarksPatch, PatchResult } from "@/lib/k8s/patch-object";
import { derivePlatformSettings } from "@/lib/platform/settings";
import type { SessionState } from "@/lib/sessions/state-machine";
import { fixedClock, sessionInput, testInstallation, testInstallationId } from "@/test/support/builders";
import {
  memoryAgent,
  memoryReconcileStore,
  type MemoryReconcileStore,
} from "@/test/support/memory-reconcile-store";
import { executeAction, executePlan, type ExecuteDeps } from "./execute";
import { takeLease, type HeldLease } from "./lease";
import type { Action, ObjectRef } from "./types";

// The executor over the store in memory, with a fixed clock: what each action does, and what makes
// it skip — the world moved between the plan and the write — or fail, one action at a time. The same
// paths against PostgreSQL and the cluster: test/reconcile, test/faults/stale-plan.int.test.ts.
const { now: NOW, ago, later } = fixedClock("2026-11-28T12:00:00Z");
const settings = derivePlatformSettings(
  parseEnv({ INSTALLATION_NAME: testInstallation, AGENT_HEARTBEAT_TIMEOUT_SECONDS: "30" }),
);

const refsOf = (id: string): ObjectRef[] => [
  { kind: "Deployment", namespace: "sessions", name: id, uid: `uid-Deployment-${id}` },
  { kind: "Service", namespace: "sessions", name: id, uid: `uid-Service-${id}` },
];
const since = ago(3600);
const agentLost = (id: string): Action => ({
  type: "terminate-session",
  sessionId: id,
  evidence: { state: "running", stateChangedAt: since.toISOString(), agentSilent: "agent-a" },
  terminationReason: "agent_disconnected",
  objects: refsOf(id),
  driftClass: "agent-lost",
  reason: "agent gone",
});
const leaked = (id: string): Action => ({
  type: "delete-objects",
  sessionId: id,
  objects: refsOf(id),
  driftClass: "leaked-resources",
  reason: "session ended, objects remain",
});

/** Sessions `ids` in `state` for an hour on agent-a, silent for ten minutes unless told. */
function storeWith(ids: string[], state: SessionState = "running", agentHeardAt = ago(600)) {
  return memoryReconcileStore({
    installationId: testInstallationId,
    sessions: ids.map((id) => sessionInput(id, state, since)),
    agents: [memoryAgent("agent-a", agentHeardAt)],
  });
}

let clockAt = NOW;
const leases: HeldLease[] = [];
afterEach(async () => {
  clockAt = NOW;
  await Promise.all(leases.splice(0).map((lease) => lease.release()));
});

function depsOf(memory: MemoryReconcileStore, over: Partial<ExecuteDeps> = {}) {
  const deleteObject = vi.fn(async (_ref: ObjectRef): Promise<DeleteResult> => "deleted");
  const deps: ExecuteDeps = {
    store: memory.store.sessions,
    deleteObject,
    clock: () => clockAt,
    actor: { type: "reconciler", id: "unit" },
    settings,
    concurrency: 1,
    ...over,
  };
  return { deps, deleteObject: over.deleteObject ? vi.mocked(over.deleteObject) : deleteObject };
}

async function leaseOf(memory: MemoryReconcileStore, holder: string) {
  const lease = await takeLease(memory.store.lease, { holder, ttlSeconds: 60, clock: () => clockAt });
  leases.push(lease!);
  return lease!;
}

describe("executeAction: the evidence re-checked in the writing transaction", () => {
  it("ends the session of a still silent agent, then deletes its objects, audited", async () => {
    const memory = storeWith(["s-lost"]);
    const { deps, deleteObject } = depsOf(memory);
    const outcome = await executeAction(agentLost("s-lost"), deps);
    expect(outcome).toMatchObject({
      status: "applied",
      detail: "terminated (agent_disconnected); deleted 2 object(s)",
    });
    expect(memory.sessions.get("s-lost")?.state).toBe("terminated");
    expect(deleteObject.mock.calls.map(([ref]) => ref)).toEqual(refsOf("s-lost"));
    expect(memory.audit.map((e) => e.action)).toEqual(["session.agent_lost_terminated", "resources.deleted"]);
  });

  it("skips when the agent is heard again between the plan and the write", async () => {
    const memory = storeWith(["s-lost"]);
    const { deps, deleteObject } = depsOf(memory);
    memory.duringNextTransaction(() => (memory.agents.get("agent-a")!.lastHeartbeatAt = NOW));
    const outcome = await executeAction(agentLost("s-lost"), deps);
    expect(outcome.status).toBe("skipped");
    expect(outcome.detail).toMatch(
      /^agent agent-a is connected again \(heartbeat at 2026-11-28T12:00:00.000Z\)/,
    );
    expect(memory.sessions.get("s-lost")?.state).toBe("running");
    expect(memory.transactionReads).toEqual(["readAgentLocked agent-a"]);
    expect(deleteObject).not.toHaveBeenCalled();
    expect(memory.audit).toEqual([]);
  });

  it("skips when the session moved since the plan", async () => {
    const memory = storeWith(["s-lost"]);
    memory.sessions.get("s-lost")!.stateChangedAt = ago(5);
    const { deps, deleteObject } = depsOf(memory);
    const outcome = await executeAction(agentLost("s-lost"), deps);
    expect(outcome).toMatchObject({
      status: "skipped",
      detail: `session is running since ${ago(5).toISOString()}, not running since ${since.toISOString()} as planned`,
    });
    expect(deleteObject).not.toHaveBeenCalled();
  });

  it("skips when the lease is lost between the fence and the write, and acts no more", async () => {
    const memory = storeWith(["s-1", "s-2"]);
    const lease = await leaseOf(memory, "cli:ours");
    const { deps, deleteObject } = depsOf(memory, { fence: lease.fence });
    // Another pass takes the lease over just as our write begins (we were paused past its expiry).
    memory.duringNextTransaction(() => memory.takeLeaseOver("cron:other", later(60)));
    const outcomes = await executePlan([agentLost("s-1"), agentLost("s-2")], deps);
    expect(outcomes.map((o) => [o.sessionId, o.status])).toEqual([
      ["s-1", "skipped"],
      ["s-2", "skipped"],
    ]);
    for (const o of outcomes) expect(o.detail).toMatch(/the reconcile lease of cli:ours was lost/);
    expect([...memory.sessions.values()].map((s) => s.state)).toEqual(["running", "running"]);
    // Checked in the writing transaction, before the evidence; the second action never got there.
    expect(memory.transactionReads).toEqual(["holdsLease cli:ours"]);
    expect(deleteObject).not.toHaveBeenCalled();
  });

  it("acts while the lease holds", async () => {
    const memory = storeWith(["s-1"]);
    const lease = await leaseOf(memory, "cli:ours");
    const { deps } = depsOf(memory, { fence: lease.fence });
    expect((await executeAction(agentLost("s-1"), deps)).status).toBe("applied");
    expect(memory.transactionReads).toEqual(["holdsLease cli:ours", "readAgentLocked agent-a"]);
  });

  it("fails a session only from the state the class expects", async () => {
    const memory = storeWith(["s-miss"], "terminated");
    const { deps, deleteObject } = depsOf(memory);
    const action: Action = {
      type: "fail-session",
      sessionId: "s-miss",
      evidence: { state: "running", stateChangedAt: since.toISOString() },
      terminationReason: "resources_missing",
      objects: [],
      driftClass: "missing-resources",
      reason: "no deployment",
    };
    expect(await executeAction(action, deps)).toMatchObject({
      status: "skipped",
      detail: "session is terminated now",
    });
    memory.sessions.get("s-miss")!.state = "running";
    expect(await executeAction(action, deps)).toMatchObject({
      status: "applied",
      detail: "failed (resources_missing)",
    });
    expect(memory.sessions.get("s-miss")?.state).toBe("failed");
    expect(deleteObject).not.toHaveBeenCalled();
  });
});

describe("executeAction: stops asked again", () => {
  const retry = (attempt: number): Action => ({
    type: "retry-stop",
    sessionId: "s-stuck",
    agentId: "agent-a",
    attempt,
    driftClass: "stuck-terminating",
    reason: "stop again",
  });

  it("queues one stop, and none while one is open", async () => {
    const memory = storeWith(["s-stuck"], "terminating", NOW);
    const { deps } = depsOf(memory);
    expect(await executeAction(retry(2), deps)).toMatchObject({
      status: "applied",
      detail: "stop command 1 queued for agent-a (attempt 2)",
    });
    expect(await executeAction(retry(3), deps)).toMatchObject({
      status: "skipped",
      detail: "a stop command is already open",
    });
    expect(memory.commands).toEqual([{ id: 1, sessionId: "s-stuck", attempt: 2 }]);
  });

  it("skips a session that is no longer terminating (a conflict, not a failure)", async () => {
    const memory = storeWith(["s-stuck"], "terminated", NOW);
    const { deps } = depsOf(memory);
    expect(await executeAction(retry(2), deps)).toMatchObject({
      status: "skipped",
      detail: "session s-stuck is terminated now",
    });
    expect(memory.commands).toEqual([]);
  });
});

describe("executeAction: deletes", () => {
  it("reports a conflict on delete as left alone, and audits only what went", async () => {
    const memory = storeWith([], "terminated");
    const deleteObject = vi.fn(async (ref: ObjectRef): Promise<DeleteResult> =>
      ref.kind === "Deployment" ? "conflict" : "deleted",
    );
    const { deps } = depsOf(memory, { deleteObject });
    expect(await executeAction(leaked("s-a"), deps)).toMatchObject({
      status: "applied",
      detail:
        "deleted Service sessions/s-a; left alone (not as the plan saw it: replaced or changed since): Deployment sessions/s-a",
      deleted: [refsOf("s-a")[1]],
    });
    deleteObject.mockResolvedValue("conflict");
    expect(await executeAction(leaked("s-b"), deps)).toMatchObject({
      status: "skipped",
      detail:
        "left alone (not as the plan saw it: replaced or changed since): Deployment sessions/s-b, Service sessions/s-b",
      deleted: [],
    });
    deleteObject.mockResolvedValue("already_gone");
    expect(await executeAction(leaked("s-c"), deps)).toMatchObject({
      status: "skipped",
      detail: "already gone",
    });
    expect(memory.audit.map((e) => [e.action, e.sessionId, e.details.objects])).toEqual([
      ["resources.deleted", "s-a", [refsOf("s-a")[1]]],
    ]);
  });
});

describe("executePlan", () => {
  it("isolates a failing action from the rest, and a failing object from the others of its action", async () => {
    const memory = storeWith([], "terminated");
    const deleteObject = vi.fn(async (ref: ObjectRef): Promise<DeleteResult> => {
      if (ref.uid === "uid-Deployment-s-b")
        throw Object.assign(new Error("connect refused"), { code: "ECONNREFUSED" });
      return "deleted";
    });
    const { deps } = depsOf(memory, { deleteObject, concurrency: 2 });
    const outcomes = await executePlan([leaked("s-a"), leaked("s-b"), leaked("s-c")], deps);
    expect(outcomes.map((o) => [o.sessionId, o.status])).toEqual([
      ["s-a", "applied"],
      ["s-b", "failed"],
      ["s-c", "applied"],
    ]);
    expect(outcomes[1]).toMatchObject({
      error: "could not delete Deployment sessions/s-b: ECONNREFUSED: connect refused",
      deleted: [refsOf("s-b")[1]],
    });
    expect(deleteObject).toHaveBeenCalledTimes(6);
  });

  it("starts no action past the pass deadline: the rest are left for the next pass", async () => {
    const memory = storeWith([], "terminated");
    // Each delete takes 20 s of the clock; the deadline is 30 s away.
    const deleteObject = vi.fn(async (): Promise<DeleteResult> => {
      clockAt = new Date(clockAt.getTime() + 20_000);
      return "deleted";
    });
    const { deps } = depsOf(memory, { deleteObject, deadline: later(30) });
    const outcomes = await executePlan([leaked("s-a"), leaked("s-b"), leaked("s-c")], deps);
    expect(outcomes.map((o) => [o.sessionId, o.status, o.detail])).toEqual([
      ["s-a", "applied", "deleted Deployment sessions/s-a, Service sessions/s-a"],
      ["s-b", "skipped", "past the pass deadline: left for the next pass"],
      ["s-c", "skipped", "past the pass deadline: left for the next pass"],
    ]);
    expect(deleteObject).toHaveBeenCalledTimes(2);
  });

  it("sends an action's deletes at once, never more in flight than its concurrency", async () => {
    const memory = storeWith([], "terminated");
    let inFlight = 0;
    const most: number[] = [];
    const deleteObject = vi.fn(async (): Promise<DeleteResult> => {
      most.push(++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 10));
      inFlight--;
      return "deleted";
    });
    // One action alone: its Deployment and Service together (one after the other, they halved
    // the pass's rate against the API server's).
    await executePlan([leaked("s-a")], depsOf(memory, { deleteObject, concurrency: 4 }).deps);
    expect(Math.max(...most)).toBe(2);
    // Three actions with two slots: six deletes, two at a time, all done.
    most.length = 0;
    const outcomes = await executePlan(
      [leaked("s-a"), leaked("s-b"), leaked("s-c")],
      depsOf(memory, { deleteObject, concurrency: 2 }).deps,
    );
    expect(Math.max(...most)).toBe(2);
    expect(outcomes.map((o) => o.deleted.map((r) => r.kind))).toEqual([
      ["Deployment", "Service"],
      ["Deployment", "Service"],
      ["Deployment", "Service"],
    ]);
  });
});

describe("quarantine in the executor", () => {
  const patched = () => vi.fn(async (_ref: ObjectRef, _patch: MarksPatch): Promise<PatchResult> => "patched");

  it("ends a session and quarantines its objects instead of deleting them", async () => {
    const memory = storeWith(["s-1"]);
    const patchObject = patched();
    const { deps, deleteObject } = depsOf(memory, { patchObject });
    const action: Action = {
      ...(agentLost("s-1") as Extract<Action, { type: "terminate-session" }>),
      objects: [],
      quarantine: {
        targets: [{ ...refsOf("s-1")[0]!, replicas: 2 }, refsOf("s-1")[1]!],
        quarantineSeconds: 600,
      },
    };
    const outcome = await executeAction(action, deps);
    expect(outcome).toMatchObject({
      status: "applied",
      detail: expect.stringContaining("quarantined 2 object(s)"),
    });
    expect(memory.sessions.get("s-1")?.state).toBe("terminated");
    expect(deleteObject).not.toHaveBeenCalled();
    const [deployment, service] = patchObject.mock.calls.map((c) => c[1]);
    expect(deployment).toMatchObject({
      replicas: 0,
      annotations: {
        [Q.replicasBefore]: "2",
        [Q.until]: later(600).toISOString(),
        [Q.by]: "reconciler:unit",
      },
    });
    expect(service?.replicas).toBeUndefined();
    expect(memory.audit.filter((e) => e.action === "object.quarantined")).toHaveLength(1);
  });

  it("leaves an object changed since the plan alone, and still quarantines the rest", async () => {
    const memory = storeWith([], "terminated");
    const patchObject = vi.fn(async (ref: ObjectRef): Promise<PatchResult> =>
      ref.kind === "Service" ? "conflict" : "patched",
    );
    const { deps } = depsOf(memory, { patchObject });
    const outcome = await executeAction(
      {
        type: "quarantine-objects",
        sessionId: "s-o",
        targets: refsOf("s-o"),
        quarantineSeconds: 60,
        driftClass: "orphaned-resources",
        reason: "orphan",
      },
      deps,
    );
    expect(outcome.status).toBe("applied");
    expect(outcome.detail).toMatch(
      /quarantined Deployment sessions\/s-o; left alone .*Service sessions\/s-o/,
    );
  });

  it("audits a deletion after quarantine as such, beside resources.deleted", async () => {
    const memory = storeWith([], "terminated");
    const { deps } = depsOf(memory);
    await executeAction(
      { ...(leaked("s-2") as Extract<Action, { type: "delete-objects" }>), afterQuarantine: true },
      deps,
    );
    expect(memory.audit.map((e) => e.action)).toEqual([
      "resources.deleted",
      "object.deleted_after_quarantine",
    ]);
  });

  it("fails, saying so, where nothing can patch", async () => {
    const memory = storeWith([], "terminated");
    const { deps } = depsOf(memory);
    const outcome = await executeAction(
      {
        type: "restore-objects",
        sessionId: "s-3",
        targets: refsOf("s-3"),
        driftClass: "orphaned-resources",
        reason: "r",
      },
      deps,
    );
    expect(outcome).toMatchObject({
      status: "failed",
      error: expect.stringContaining("cannot patch objects"),
    });
  });
});
