import { describe, expect, it, vi } from "vitest";
import { oneClusterViews } from "@/lib/k8s/model/snapshot";
import { parseEnv } from "@/lib/config/env";
import type { DeleteResult } from "@/lib/k8s/delete-object";
import {
  clusterSnapshot,
  fixedClock,
  sessionInput,
  sessionObjects,
  testInstallation,
  testInstallationId,
} from "@/test/support/builders";
import { memoryAgent, memoryReconcileStore } from "@/test/support/memory-reconcile-store";
import { runReconcilePass, type RunDeps, type RunRequest } from "./run";
import type { NotifyEvent } from "@/lib/notify/events";
import type { ObjectRef } from "./types";

// A whole pass over the store in memory and a snapshot built in memory, with a fixed clock: the
// lease, the dry run, the blast-radius gate and the preview hash decide what runs. The same pass
// against PostgreSQL and the cluster: test/reconcile/reconcile.int.test.ts and test/faults/.
const { now: NOW, ago, later } = fixedClock("2026-11-28T12:00:00Z");
const apply: RunRequest = { trigger: "cli", actorId: "unit", dryRun: false };
const dryRun: RunRequest = { ...apply, dryRun: true };

/**
 * Two drifts: `s-stuck` terminating for 48 min on a connected agent with no stop asked (a stop is
 * retried), and the objects of `s-orphan`, an hour old with no session row (deleted).
 */
function world(lease?: { holder: string; expiresAt: Date }) {
  const memory = memoryReconcileStore({
    installationId: testInstallationId,
    sessions: [sessionInput("s-stuck", "terminating", ago(48 * 60))],
    agents: [memoryAgent("agent-a", ago(5))],
    aliveSince: ago(86_400),
    lease,
  });
  const objects = ["s-stuck", "s-orphan"].map((id) => sessionObjects(id, { createdAt: ago(3600) }));
  const getSnapshot = vi.fn(async () => clusterSnapshot(NOW, objects));
  const deleteObject = vi.fn(async (_ref: ObjectRef): Promise<DeleteResult> => "deleted");
  const deps = (env: Record<string, string> = {}): RunDeps => ({
    store: memory.store,
    env: parseEnv({ INSTALLATION_NAME: testInstallation, ...env }),
    getClusterViews: oneClusterViews(getSnapshot),
    deleteObject,
    clock: () => NOW,
  });
  return { memory, getSnapshot, deleteObject, deps };
}

const orphanRefs = (deleteObject: ReturnType<typeof world>["deleteObject"]) =>
  deleteObject.mock.calls.map(([ref]) => `${ref.kind} ${ref.name}`);

describe("runReconcilePass", () => {
  it("plans, executes and records a pass that holds the lease, then gives it back", async () => {
    const { memory, deps, deleteObject } = world();
    const report = await runReconcilePass(apply, deps());
    expect(report.status).toBe("succeeded");
    expect(report.plan.map((a) => `${a.type}:${a.sessionId}`).sort()).toEqual([
      "delete-objects:s-orphan",
      "retry-stop:s-stuck",
    ]);
    expect(report.outcomes.map((o) => o.status)).toEqual(["applied", "applied"]);
    expect(orphanRefs(deleteObject)).toEqual(["Deployment s-orphan", "Service s-orphan"]);
    expect(memory.commands.map((c) => c.sessionId)).toEqual(["s-stuck"]);
    expect(memory.runs.get(report.runId)).toMatchObject({
      status: "succeeded",
      plannedCount: 2,
      appliedCount: 2,
      failedCount: 0,
      finishedAt: NOW,
    });
    expect(memory.lease).toBeUndefined();
    expect(memory.pruned).toBe(1);
    expect(memory.liveness.lastAliveAt).toEqual(NOW);
  });

  it("while automation is paused records a paused run and does nothing; a dry run still plans", async () => {
    const { memory, deps, getSnapshot, deleteObject } = world();
    const pause = { pausedBy: "admin@example.com", pausedAt: ago(60), reason: "database failover" };
    const report = await runReconcilePass(apply, { ...deps(), paused: pause });
    expect(report).toMatchObject({ status: "paused", plan: [], outcomes: [] });
    expect(report.reason).toBe(
      `automation paused by admin@example.com at ${ago(60).toISOString()}: database failover`,
    );
    expect([...memory.runs.values()]).toEqual([
      expect.objectContaining({ status: "paused", error: report.reason, dryRun: false }),
    ]);
    expect(getSnapshot).not.toHaveBeenCalled();
    expect(deleteObject).not.toHaveBeenCalled();
    expect(memory.commands).toEqual([]);
    const preview = await runReconcilePass(dryRun, { ...deps(), paused: pause });
    expect(preview.status).toBe("dry_run");
    expect(preview.plan).toHaveLength(2);
    expect(deleteObject).not.toHaveBeenCalled();
  });

  it("records a skipped run and does nothing else when another pass holds the lease", async () => {
    const { memory, deps, getSnapshot, deleteObject } = world({ holder: "cron:other", expiresAt: later(30) });
    const report = await runReconcilePass(apply, deps());
    expect(report).toMatchObject({ status: "skipped", reason: "another run is in progress", plan: [] });
    expect([...memory.runs.values()]).toEqual([
      expect.objectContaining({ status: "skipped", error: "another run is in progress", dryRun: false }),
    ]);
    expect(getSnapshot).not.toHaveBeenCalled();
    expect(deleteObject).not.toHaveBeenCalled();
    expect(memory.commands).toEqual([]);
    expect(memory.lease?.holder).toBe("cron:other");
    expect(memory.pruned).toBe(0);
  });

  it("takes over a lease that expired", async () => {
    const { memory, deps } = world({ holder: "cron:dead", expiresAt: ago(1) });
    expect((await runReconcilePass(apply, deps())).status).toBe("succeeded");
    expect(memory.lease).toBeUndefined();
  });

  it("plans a dry run without the lease and executes nothing", async () => {
    const { memory, deps, deleteObject } = world({ holder: "cron:other", expiresAt: later(30) });
    const report = await runReconcilePass(dryRun, deps());
    expect(report.status).toBe("dry_run");
    expect(report.plan).toHaveLength(2);
    expect(report.outcomes).toEqual([]);
    expect(deleteObject).not.toHaveBeenCalled();
    expect(memory.commands).toEqual([]);
    expect(memory.sessions.get("s-stuck")?.state).toBe("terminating");
    expect(memory.lease?.holder).toBe("cron:other");
    expect(memory.runs.get(report.runId)).toMatchObject({ dryRun: true, status: "dry_run" });
    expect(memory.pruned).toBe(0);
  });

  it("past the blast-radius limit runs only the stops asked again, and says why", async () => {
    const { memory, deps, deleteObject } = world();
    const report = await runReconcilePass(apply, deps({ RECONCILE_MAX_DELETIONS: "1" }));
    expect(report.status).toBe("blocked");
    expect(report.reason).toBe("blast-radius limit: it would delete 2 objects (limit 1)");
    expect(report.outcomes.map((o) => `${o.type}:${o.status}`)).toEqual(["retry-stop:applied"]);
    expect(memory.commands.map((c) => c.sessionId)).toEqual(["s-stuck"]);
    expect(deleteObject).not.toHaveBeenCalled();
    expect(memory.runs.get(report.runId)).toMatchObject({ status: "blocked", error: report.reason });

    // An admin's override runs the destructive part too.
    const allowed = await runReconcilePass(
      { ...apply, allowLargeRun: true },
      deps({ RECONCILE_MAX_DELETIONS: "1" }),
    );
    expect(allowed.outcomes.map((o) => `${o.type}:${o.status}`)).toEqual(["delete-objects:applied"]);
    expect(orphanRefs(deleteObject)).toEqual(["Deployment s-orphan", "Service s-orphan"]);
  });

  it("counts the hour's automated destruction against the budget", async () => {
    const { deps } = world();
    const env = { RECONCILE_MAX_DESTRUCTIVE_PER_HOUR: "3" };
    // The first pass spends 2 of 3 (the orphan's two objects); the same plan again would be 4.
    expect((await runReconcilePass(apply, deps(env))).status).toBe("succeeded");
    const again = world();
    again.memory.audit.push({
      actor: { type: "reconciler", id: "earlier" },
      action: "resources.deleted",
      sessionId: "s-gone",
      at: ago(600),
      details: { objects: [{}, {}] },
    });
    const report = await runReconcilePass(apply, again.deps(env));
    expect(report.status).toBe("blocked");
    expect(report.reason).toMatch(/last hour's deletions and endings to 4 \(2 done, 2 planned; limit 3/);
  });

  it("applies a preview only while the plan is the one previewed", async () => {
    const { memory, deps, deleteObject } = world();
    const preview = await runReconcilePass(dryRun, deps());
    const stale = await runReconcilePass({ ...apply, previewedPlanHash: `${preview.planHash}0` }, deps());
    expect(stale.status).toBe("skipped");
    expect(stale.reason).toMatch(/^the state moved since the preview: the plan is now 2 actions/);
    expect(stale.outcomes).toEqual([]);
    expect(deleteObject).not.toHaveBeenCalled();
    expect(memory.commands).toEqual([]);
    expect(memory.runs.get(stale.runId)).toMatchObject({ status: "skipped", error: stale.reason });

    const applied = await runReconcilePass({ ...apply, previewedPlanHash: preview.planHash }, deps());
    expect(applied.status).toBe("succeeded");
    expect(applied.outcomes.map((o) => o.status)).toEqual(["applied", "applied"]);
  });

  it("never throws: a failed observation is a failed run, and the lease goes back", async () => {
    const { memory, deps, getSnapshot, deleteObject } = world();
    getSnapshot.mockRejectedValueOnce(new Error("watch cache not started"));
    const report = await runReconcilePass(apply, deps());
    expect(report).toMatchObject({ status: "failed", error: "watch cache not started", outcomes: [] });
    expect(memory.runs.get(report.runId)).toMatchObject({
      status: "failed",
      error: "watch cache not started",
    });
    expect(deleteObject).not.toHaveBeenCalled();
    expect(memory.lease).toBeUndefined();
  });

  describe("notifications (deps.notify)", () => {
    const withNotify = (deps: RunDeps) => {
      const notify = vi.fn(async (_events: NotifyEvent[]) => 1);
      return { deps: { ...deps, notify }, told: () => notify.mock.calls.flatMap(([events]) => events) };
    };

    it("a blocked run tells run.blocked, and the stuck session once", async () => {
      const { deps } = world();
      const { deps: notifying, told } = withNotify(deps({ RECONCILE_MAX_DELETIONS: "1" }));
      const report = await runReconcilePass(apply, notifying);
      expect(told().map((e) => e.type)).toEqual(["session.stuck", "run.blocked"]);
      expect(told()[1]).toMatchObject({ runId: report.runId, reason: report.reason, trigger: "cli" });
      expect(told()[0]).toMatchObject({ sessionId: "s-stuck", stateChangedAt: ago(48 * 60).toISOString() });
    });

    it("a stuck session the plan only waits on (its stop backing off) is told all the same", async () => {
      const memory = memoryReconcileStore({
        installationId: testInstallationId,
        sessions: [sessionInput("s-stuck", "terminating", ago(48 * 60))],
        agents: [memoryAgent("agent-a", ago(5))],
        aliveSince: ago(86_400),
      });
      const { deps: notifying, told } = withNotify({
        store: memory.store,
        env: parseEnv({ INSTALLATION_NAME: testInstallation }),
        getClusterViews: oneClusterViews(async () =>
          clusterSnapshot(NOW, [sessionObjects("s-stuck", { createdAt: ago(3600) })]),
        ),
        deleteObject: async () => "deleted",
        clock: () => NOW,
      });
      await runReconcilePass(apply, notifying);
      // The second pass, a second later: the stop just asked is open, so the plan waits on it.
      const second = await runReconcilePass(apply, { ...notifying, clock: () => later(1) });
      expect(second.plan).toEqual([]);
      expect(second.attention).toEqual([]);
      expect(told().filter((e) => e.type === "session.stuck")).toHaveLength(2);
    });

    it("a failed run tells run.failed; a dry run tells nothing", async () => {
      const { deps, getSnapshot } = world();
      getSnapshot.mockRejectedValueOnce(new Error("watch cache not started"));
      const { deps: notifying, told } = withNotify(deps());
      await runReconcilePass(apply, notifying);
      expect(told()).toMatchObject([{ type: "run.failed", error: "watch cache not started" }]);
      const quiet = withNotify(deps());
      await runReconcilePass(dryRun, quiet.deps);
      expect(quiet.told()).toEqual([]);
    });

    it("a notify that throws never fails the pass", async () => {
      const { deps } = world();
      const report = await runReconcilePass(apply, {
        ...deps(),
        notify: async () => {
          throw new Error("database down");
        },
      });
      expect(report.status).toBe("succeeded");
    });
  });
});
