import "server-only";
import { randomBytes } from "node:crypto";
import type { AppEnv } from "@/lib/config/env";
import type { Database } from "@/lib/db/client";
import { listAgents } from "@/lib/db/queries/agents";
import {
  acquireReconcileLease,
  closeAbandonedRuns,
  finishRun,
  insertRun,
  loadPlanSessions,
  releaseReconcileLease,
} from "@/lib/db/queries/reconcile";
import type { ReconcileRunStatus, ReconcileTrigger } from "@/lib/db/schema";
import type { DriftAgent } from "@/lib/drift/classify";
import { indexBySession, observedKinds, type ClusterSnapshot, type KindStatus } from "@/lib/k8s/snapshot";
import type { Metrics } from "@/lib/metrics/registry";
import { deriveAgentConnection } from "@/lib/platform/agent-connection";
import { derivePlatformSettings } from "@/lib/platform/settings";
import { isFinalState } from "@/lib/sessions/state-machine";
import { checkBlastRadius } from "./blast-radius";
import { executePlan, type ActionOutcome } from "./execute";
import { planReconcile } from "./plan";
import { deriveBlastRadius, deriveReconcilePolicy } from "./policy";
import type { Action, Attention, ObjectRef } from "./types";

const leaseTtlSeconds = 300;

export interface RunRequest {
  trigger: ReconcileTrigger;
  /** Who asked: a user id, `cron`, `loop`, `cli`. */
  actorId: string;
  dryRun: boolean;
  /** An admin confirmed a plan past the blast-radius limit. */
  allowLargeRun?: boolean;
}

/** The dependencies of a pass, narrowed: tests and the CLI pass their own. */
export interface RunDeps {
  db: Database;
  env: AppEnv;
  getSnapshot: () => Promise<ClusterSnapshot>;
  deleteObject: (ref: ObjectRef) => Promise<"deleted" | "already_gone">;
  clock: () => Date;
  metrics?: Metrics;
  log?: (level: "info" | "warn" | "error", msg: string, fields?: Record<string, unknown>) => void;
}

export interface RunReport {
  runId: number;
  status: ReconcileRunStatus;
  trigger: ReconcileTrigger;
  dryRun: boolean;
  startedAt: string;
  durationMs: number;
  kinds: { kind: string; state: KindStatus["state"]; error?: string }[];
  driftCounts: Record<string, number>;
  plan: Action[];
  attention: Attention[];
  outcomes: ActionOutcome[];
  /** Why nothing was done: another run held the lease, or the blast-radius limit. */
  reason?: string;
  error?: string;
}

const kindSummary = (snapshot: ClusterSnapshot) =>
  observedKinds.map((kind) => {
    const status = snapshot.kinds[kind];
    return { kind, state: status.state, ...(status.state === "error" ? { error: status.error } : {}) };
  });

/**
 * One reconciliation pass: lease (single flight across processes) → observe → plan → check the
 * blast radius → execute → record. Never throws for a failed action or an unreadable kind: the
 * report and the stored run say what happened.
 */
export async function runReconcilePass(request: RunRequest, deps: RunDeps): Promise<RunReport> {
  const { db, env, clock } = deps;
  const log = deps.log ?? (() => undefined);
  const startedAt = clock();
  const holder = `${request.trigger}:${randomBytes(6).toString("hex")}`;
  const base = { trigger: request.trigger, dryRun: request.dryRun, startedAt: startedAt.toISOString() };

  // A dry run changes nothing, so it needs no lease.
  if (
    !request.dryRun &&
    !(await acquireReconcileLease(db, { holder, now: startedAt, ttlSeconds: leaseTtlSeconds }))
  ) {
    const runId = await insertRun(db, {
      trigger: request.trigger,
      actorId: request.actorId,
      dryRun: false,
      status: "skipped",
      startedAt,
    });
    await finishRun(db, runId, { finishedAt: clock(), durationMs: 0, error: "another run is in progress" });
    deps.metrics?.reconcileRuns.inc({ trigger: request.trigger, status: "skipped" });
    return {
      ...base,
      runId,
      status: "skipped",
      durationMs: 0,
      kinds: [],
      driftCounts: {},
      plan: [],
      attention: [],
      outcomes: [],
      reason: "another run is in progress",
    };
  }

  let runId = 0;
  try {
    await closeAbandonedRuns(db, {
      olderThan: new Date(startedAt.getTime() - leaseTtlSeconds * 1000),
      now: startedAt,
    });
    runId = await insertRun(db, {
      trigger: request.trigger,
      actorId: request.actorId,
      dryRun: request.dryRun,
      status: "running",
      startedAt,
    });

    const snapshot = await deps.getSnapshot();
    const policy = deriveReconcilePolicy(env);
    const idsInCluster = [...indexBySession(snapshot, policy.sessionLabelKey).keys()];
    const [{ sessions, stopHistory }, agentRows] = await Promise.all([
      loadPlanSessions(db, { withObjects: idsInCluster }),
      listAgents(db),
    ]);
    const now = clock();
    const agents = new Map<string, DriftAgent>(
      agentRows.map((a) => [
        a.id,
        {
          id: a.id,
          approvalStatus: a.approvalStatus,
          connection: deriveAgentConnection(a, now, env.AGENT_HEARTBEAT_TIMEOUT_SECONDS),
        },
      ]),
    );
    const plan = planReconcile({ sessions, agents, snapshot, stopHistory, now, policy });
    const kinds = kindSummary(snapshot);
    const unknownKinds = kinds.filter((k) => k.state !== "synced");
    const activeSessions = sessions.filter((s) => !isFinalState(s.state)).length;
    recordGauges(deps.metrics, {
      plan,
      snapshot,
      agents,
      sessions,
      policyLabelKey: policy.sessionLabelKey,
      now,
    });
    for (const a of plan.attention)
      log("warn", "needs a human", {
        sessionId: a.sessionId,
        driftClass: a.driftClass,
        sentence: a.sentence,
      });

    const blocked =
      request.dryRun || request.allowLargeRun
        ? undefined
        : checkBlastRadius(plan.actions, activeSessions, deriveBlastRadius(env));
    let outcomes: ActionOutcome[] = [];
    let status: ReconcileRunStatus;
    if (request.dryRun) {
      status = "dry_run";
    } else if (blocked) {
      status = "blocked";
      log("warn", "reconcile run stopped by the blast-radius limit; a human must confirm", {
        runId,
        reason: blocked,
      });
    } else {
      outcomes = await executePlan(plan.actions, {
        db,
        deleteObject: deps.deleteObject,
        clock,
        actor: {
          type:
            request.trigger === "ui" || request.trigger === "admin"
              ? "user"
              : request.trigger === "cron"
                ? "cron"
                : "reconciler",
          id: request.actorId,
        },
        settings: derivePlatformSettings(env),
        concurrency: env.RECONCILE_CONCURRENCY,
      });
      const failed = outcomes.filter((o) => o.status === "failed").length;
      status =
        failed > 0 || unknownKinds.length > 0
          ? failed === outcomes.length && failed > 0
            ? "failed"
            : "partial"
          : "succeeded";
      for (const o of outcomes) {
        deps.metrics?.reconcileActions.inc({ type: o.type, outcome: o.status });
        if (o.status === "applied" && (o.type === "retry-stop" || o.type === "force-terminate"))
          deps.metrics?.stuckTerminatingTotal.inc();
        if (o.status === "failed") log("error", "reconcile action failed", { runId, ...o });
      }
    }
    const error = unknownKinds.length
      ? `not observed: ${unknownKinds.map((k) => `${k.kind} (${k.error ?? k.state})`).join(", ")}; nothing was deleted or ended on their account`
      : undefined;
    const durationMs = clock().getTime() - startedAt.getTime();
    await finishRun(db, runId, {
      status,
      finishedAt: clock(),
      durationMs,
      kinds,
      driftCounts: plan.driftCounts,
      plan: plan.actions as unknown as Record<string, unknown>[],
      outcomes: outcomes as unknown as Record<string, unknown>[],
      plannedCount: plan.actions.length,
      appliedCount: outcomes.filter((o) => o.status === "applied").length,
      failedCount: outcomes.filter((o) => o.status === "failed").length,
      error: blocked ?? error ?? null,
    });
    deps.metrics?.reconcileRuns.inc({ trigger: request.trigger, status });
    deps.metrics?.reconcileDuration.observe({ trigger: request.trigger }, durationMs / 1000);
    if (status === "succeeded") deps.metrics?.lastSuccessfulRun.set(clock().getTime() / 1000);
    log(status === "succeeded" || status === "dry_run" ? "info" : "warn", "reconcile run finished", {
      runId,
      status,
      planned: plan.actions.length,
      applied: outcomes.filter((o) => o.status === "applied").length,
      durationMs,
    });
    return {
      ...base,
      runId,
      status,
      durationMs,
      kinds,
      driftCounts: plan.driftCounts,
      plan: plan.actions,
      attention: plan.attention,
      outcomes,
      ...(blocked ? { reason: blocked } : {}),
      ...(error ? { error } : {}),
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log("error", "reconcile run failed", { runId, error: message });
    deps.metrics?.reconcileRuns.inc({ trigger: request.trigger, status: "failed" });
    if (runId)
      await finishRun(db, runId, { status: "failed", finishedAt: clock(), error: message }).catch(
        () => undefined,
      );
    return {
      ...base,
      runId,
      status: "failed",
      durationMs: clock().getTime() - startedAt.getTime(),
      kinds: [],
      driftCounts: {},
      plan: [],
      attention: [],
      outcomes: [],
      error: message,
    };
  } finally {
    if (!request.dryRun) await releaseReconcileLease(db, holder).catch(() => undefined);
  }
}

function recordGauges(
  metrics: Metrics | undefined,
  input: {
    plan: ReturnType<typeof planReconcile>;
    snapshot: ClusterSnapshot;
    agents: Map<string, DriftAgent>;
    sessions: { id: string }[];
    policyLabelKey: string;
    now: Date;
  },
) {
  if (!metrics) return;
  metrics.stuckTerminating.set(input.plan.driftCounts["stuck-terminating"]);
  for (const [driftClass, count] of Object.entries(input.plan.driftCounts))
    metrics.driftSessions.set({ class: driftClass }, count);
  metrics.connectedAgents.set([...input.agents.values()].filter((a) => a.connection.connected).length);
  const known = new Set(input.sessions.map((s) => s.id));
  const orphans = { Deployment: 0, Service: 0, Pod: 0 };
  for (const [id, objects] of indexBySession(input.snapshot, input.policyLabelKey)) {
    if (known.has(id)) continue;
    orphans.Deployment += objects.deployments.length;
    orphans.Service += objects.services.length;
    orphans.Pod += objects.pods.length;
  }
  for (const [kind, count] of Object.entries(orphans)) metrics.orphanedObjects.set({ kind }, count);
}
