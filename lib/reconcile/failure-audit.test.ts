import { describe, expect, it, vi } from "vitest";
import { oneClusterViews } from "@/lib/k8s/model/snapshot";
import { parseEnv } from "@/lib/config/env";
import type { DeleteResult } from "@/lib/k8s/delete-object";
import { derivePlatformSettings } from "@/lib/platform/settings";
import { fixedClock, sessionInput, testInstallation, testInstallationId } from "@/test/support/builders";
import { memoryReconcileStore, type MemoryReconcileStore } from "@/test/support/memory-reconcile-store";
import { executeAction, type ExecuteDeps } from "./execute";
import { executeManualOperation } from "./manual";
import type { Action, ObjectRef } from "./types";

// A failed action leaves an audit event with its error, whoever acted; a skipped one (the world
// moved, the deadline passed) is no failure and leaves none. Against PostgreSQL and a real 403:
// test/faults/failed-actions-audited.int.test.ts.
const { now: NOW, ago } = fixedClock("2026-11-28T12:00:00Z");
const env = parseEnv({ INSTALLATION_NAME: testInstallation, AGENT_HEARTBEAT_TIMEOUT_SECONDS: "30" });

const refsOf = (id: string): ObjectRef[] => [
  { kind: "Deployment", namespace: "sessions", name: id, uid: `uid-Deployment-${id}` },
];
const leaked = (id: string): Action => ({
  type: "delete-objects",
  sessionId: id,
  objects: refsOf(id),
  driftClass: "leaked-resources",
  reason: "session ended, objects remain",
});
const forbidden = async (): Promise<DeleteResult> => {
  throw new Error('deployments.apps "s-a" is forbidden: User cannot delete\nsecond line');
};

function depsOf(memory: MemoryReconcileStore, over: Partial<ExecuteDeps> = {}): ExecuteDeps {
  return {
    store: memory.store.sessions,
    deleteObject: vi.fn(forbidden),
    clock: () => NOW,
    actor: { type: "cron", id: "cron" },
    settings: derivePlatformSettings(env),
    concurrency: 1,
    runId: 7,
    ...over,
  };
}

const ended = () =>
  memoryReconcileStore({
    installationId: testInstallationId,
    sessions: [sessionInput("s-a", "terminated", ago(3600))],
  });

describe("a failed action is audited", () => {
  it("records one reconcile.action_failed event with actor, action, class, reason, error and run", async () => {
    const memory = ended();
    const outcome = await executeAction(leaked("s-a"), depsOf(memory));
    expect(outcome).toMatchObject({ status: "failed" });
    expect(memory.audit).toEqual([
      {
        actor: { type: "cron", id: "cron" },
        action: "reconcile.action_failed",
        sessionId: "s-a",
        at: NOW,
        details: {
          action: "delete-objects",
          driftClass: "leaked-resources",
          why: "session ended, objects remain",
          error: outcome.error,
          runId: 7,
        },
      },
    ]);
    expect(outcome.error).toMatch(/^could not delete Deployment sessions\/s-a: .*forbidden/);
    expect(outcome.error).not.toMatch(/second line/);
  });

  it("never says a failed query's parameters", async () => {
    const memory = ended();
    const query = new Error("Failed query: update users set hash = $1\nparams: secret-hash", {
      cause: new Error("connection terminated"),
    });
    await executeAction(
      leaked("s-a"),
      depsOf(memory, { deleteObject: async () => "deleted", store: failingDeletion(memory, query) }),
    );
    expect(memory.audit).toHaveLength(1);
    expect(memory.audit[0]!.details.error).toBe("a database query failed (Error: connection terminated)");
    expect(JSON.stringify(memory.audit)).not.toMatch(/secret-hash/);
  });

  it("keeps the failed outcome when the audit cannot be written either", async () => {
    const memory = ended();
    const store = {
      ...memory.store.sessions,
      recordFailure: async () => Promise.reject(new Error("db down")),
    };
    const outcome = await executeAction(leaked("s-a"), depsOf(memory, { store }));
    expect(outcome).toMatchObject({ status: "failed", sessionId: "s-a" });
  });

  it("records nothing for a skipped action", async () => {
    const memory = ended();
    const deps = depsOf(memory, { deadline: ago(1) });
    expect(await executeAction(leaked("s-a"), deps)).toMatchObject({ status: "skipped" });
    const moved = depsOf(memory, { deleteObject: async () => "already_gone" });
    expect(await executeAction(leaked("s-a"), moved)).toMatchObject({ status: "skipped" });
    expect(memory.audit).toEqual([]);
  });
});

describe("a failed one-click fix is audited with the person as actor", () => {
  const admin = { type: "user" as const, id: "admin@example.com" };
  const manualDeps = (memory: MemoryReconcileStore, getSnapshot: () => Promise<never>) => ({
    store: memory.store,
    env,
    getClusterViews: oneClusterViews(getSnapshot),
    deleteObject: forbidden,
    clock: () => NOW,
  });

  it("when the cluster cannot be read before the actions run: one event per session, then the error", async () => {
    const memory = ended();
    const unreadable = async () => Promise.reject(new Error("connect ECONNREFUSED"));
    await expect(
      executeManualOperation("delete-resources", ["s-a", "s-b"], admin, manualDeps(memory, unreadable)),
    ).rejects.toThrow(/ECONNREFUSED/);
    expect(memory.audit.map((e) => [e.actor, e.action, e.sessionId, e.details])).toEqual(
      ["s-a", "s-b"].map((id) => [
        admin,
        "reconcile.action_failed",
        id,
        { operation: "delete-resources", error: "connect ECONNREFUSED" },
      ]),
    );
  });

  it("stops auditing at the first write the database refuses, and still throws the error", async () => {
    const memory = ended();
    const recordFailure = vi.fn(async () => Promise.reject(new Error("db down")));
    const store = { ...memory.store, sessions: { ...memory.store.sessions, recordFailure } };
    const unreadable = async () => Promise.reject(new Error("connection terminated"));
    await expect(
      executeManualOperation("delete-resources", ["s-a", "s-b"], admin, {
        ...manualDeps(memory, unreadable),
        store,
      }),
    ).rejects.toThrow(/connection terminated/);
    expect(recordFailure).toHaveBeenCalledTimes(1);
  });
});

/** The store of `memory` whose `resources.deleted` write fails with `error`. */
function failingDeletion(memory: MemoryReconcileStore, error: Error): ExecuteDeps["store"] {
  return { ...memory.store.sessions, recordDeletion: async () => Promise.reject(error) };
}
