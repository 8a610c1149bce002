import "server-only";
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { AppEnv } from "@/lib/config/env";
import type { QuietCache } from "@/lib/drift/quiet";
import type { Actor } from "@/lib/db/queries/audit";
import type { ReconcileRunStatus, ReconcileTrigger } from "@/lib/db/schema";
import type { DeleteResult } from "@/lib/k8s/delete-object";
import type { MarksPatch, PatchResult } from "@/lib/k8s/patch-object";
import type { ClusterView, KindStatus } from "@/lib/k8s/model/snapshot";
import type { Metrics } from "@/lib/metrics/registry";
import type { NotifyEvent } from "@/lib/notify/events";
import { derivePassEvents } from "@/lib/notify/pass-events";
import { derivePlatformSettings, deriveRetention } from "@/lib/platform/settings";
import type { PauseState } from "@/lib/settings/runtime";
import { executePlan, type ActionOutcome } from "./execute";
import { takeLease, type HeldLease } from "./lease";
import { checkPreview, gate, isDestructive } from "./pass/gate";
import { observe } from "./pass/observe";
import { deriveStatus, kindSummary, recordOutcomes, recordRun, type PassLog } from "./pass/record";
import { derivePlanHash } from "./plan-hash";
import { planAcrossClusters, type ClustersPlan, type ClustersPlanInput } from "./clusters";
import type { ReconcileStore } from "./store";
import type { Action, Attention, ObjectRef } from "./types";

export interface RunRequest {
  trigger: ReconcileTrigger;
  /** Who asked: a user id, `cron`, `loop`, `cli`. */
  actorId: string;
  dryRun: boolean;
  /**
   * Apply only this plan (its {@link derivePlanHash}, from the preview a person read): when the
   * state has moved past it the pass does nothing and says so.
   */
  previewedPlanHash?: string;
  /**
   * Past the blast-radius limit, run the destructive actions anyway. The dashboard grants it to
   * admins only, with the hash of the plan they read; the CLI to whoever runs it.
   */
  allowLargeRun?: boolean;
}

/** The dependencies of a pass, narrowed: the server, the CLI and the tests each pass their own. */
export interface RunDeps {
  /** Storage (lib/db/reconcile-store.ts over the database; memory in the unit tests). */
  store: ReconcileStore;
  env: AppEnv;
  /** Every configured cluster's snapshot (one per cluster, lib/k8s/observer.ts getClusterViews). */
  getClusterViews: () => Promise<ClusterView[]>;
  /** Deletes in the object's cluster (`ref.cluster`; absent: the only one). */
  deleteObject: (ref: ObjectRef) => Promise<DeleteResult>;
  /** Scales and marks one object (quarantine mode, restore); without it those actions fail. */
  patchObject?: (ref: ObjectRef, patch: MarksPatch) => Promise<PatchResult>;
  clock: () => Date;
  metrics?: Metrics;
  log?: PassLog;
  /** Our own changes were made: whoever caches what they change (the dashboard) forgets it. */
  onChanged?: () => void;
  /**
   * Enqueue notifications (lib/notify/server.ts notifyEvent; the server wires it): stuck sessions,
   * a blocked or failed run, every agent silent. Absent: nobody is told (the unit tests, the CLI).
   */
  notify?: (events: NotifyEvent[]) => Promise<unknown>;
  /**
   * Set while an admin has paused automation (/settings), read at the start of the pass: the pass
   * records a `paused` run and does nothing (a dry run still plans: it changes nothing).
   */
  paused?: PauseState | null;
  /**
   * Each cluster's quiet sessions, kept by the process between its passes: those still quiet are
   * not classified again (lib/drift/quiet.ts; the plan is the same without it).
   */
  quietByCluster?: Map<string, QuietCache>;
}

export interface RunReport {
  runId: number;
  status: ReconcileRunStatus;
  trigger: ReconcileTrigger;
  dryRun: boolean;
  startedAt: string;
  durationMs: number;
  /** Each kind's state per cluster (`cluster` named when there are several; `unwatched`: not configured). */
  kinds: { cluster?: string; kind: string; state: KindStatus["state"] | "unwatched"; error?: string }[];
  driftCounts: Record<string, number>;
  plan: Action[];
  /** The plan's fingerprint: hand it back as `previewedPlanHash` to apply exactly this plan. */
  planHash?: string;
  attention: Attention[];
  outcomes: ActionOutcome[];
  /**
   * Why nothing (or only the harmless part) was done: another run held the lease, the state moved
   * since the preview being applied, or the blast-radius limit.
   */
  reason?: string;
  error?: string;
  /** When a ripening agent silence becomes evidence (see Plan.nextDueAt): the loop passes again then. */
  nextDueAt?: string;
}

const actorOf = (request: RunRequest): Actor => ({
  type:
    request.trigger === "ui" || request.trigger === "admin"
      ? "user"
      : request.trigger === "cron"
        ? "cron"
        : "reconciler",
  id: request.actorId,
});

const emptyReport = { kinds: [], driftCounts: {}, plan: [], attention: [], outcomes: [] };

/**
 * One reconciliation pass, as its steps: lease (single flight, renewed, fencing every effect) →
 * observe → plan → gate (blast radius) → execute → record. Never throws for a failed action or an
 * unreadable kind: the report and the stored run say what happened.
 */
export async function runReconcilePass(request: RunRequest, deps: RunDeps): Promise<RunReport> {
  const { store, env, clock } = deps;
  const log = deps.log ?? (() => undefined);
  const startedAt = clock();
  const base = { trigger: request.trigger, dryRun: request.dryRun, startedAt: startedAt.toISOString() };
  // The lease row names the replica (host and process) acting, for whoever looks at a stuck one.
  const holder = `${request.trigger}:${hostname()}:${process.pid}:${randomBytes(6).toString("hex")}`;
  if (deps.paused && !request.dryRun) return recordPaused(request, deps, startedAt, deps.paused);
  // A dry run changes nothing, so it needs no lease.
  const lease = request.dryRun
    ? undefined
    : await takeLease(store.lease, { holder, ttlSeconds: env.RECONCILE_LEASE_SECONDS, clock });
  if (lease === null) return recordSkipped(request, deps, startedAt);

  let runId = 0;
  try {
    await store.runs.closeAbandoned({
      olderThan: new Date(startedAt.getTime() - env.RECONCILE_LEASE_SECONDS * 1000),
      now: startedAt,
    });
    runId = await store.runs.insert({ ...base, actorId: request.actorId, status: "running", startedAt });
    return { ...base, runId, ...(await actAndRecord(request, deps, { runId, lease, startedAt, log })) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log("error", "reconcile run failed", { runId, error: message });
    deps.metrics?.reconcileRuns.inc({ trigger: request.trigger, status: "failed" });
    if (runId)
      await store.runs
        .finish(runId, { status: "failed", finishedAt: clock(), error: message })
        .catch(() => undefined);
    const durationMs = clock().getTime() - startedAt.getTime();
    if (runId)
      await tell(deps, {
        type: "run.failed",
        occurredAt: clock().toISOString(),
        runId,
        trigger: request.trigger,
        error: message,
      });
    return { ...base, runId, status: "failed", durationMs, ...emptyReport, error: message };
  } finally {
    await lease?.release().catch(() => undefined);
    // Hosts without a long-lived process (cron only) prune here; once a day across processes.
    if (!request.dryRun)
      await store.retention
        .pruneOnceADay({ now: clock(), retention: deriveRetention(env) })
        .catch(() => undefined);
  }
}

type Pass = { runId: number; lease: HeldLease | undefined; startedAt: Date; log: PassLog };

/** Observe, plan, gate, execute and record one run that holds the lease (or is a dry run). */
async function actAndRecord(request: RunRequest, deps: RunDeps, pass: Pass) {
  const observed = await observe(deps);
  const plan = planAcrossClusters({ ...observed, quietByCluster: deps.quietByCluster });
  const verdict = await decide(request, deps, observed, plan.actions);
  if (verdict.blocked && !request.dryRun)
    pass.log("warn", "blast-radius limit: destructive actions wait for a human", {
      runId: pass.runId,
      reason: verdict.blocked,
    });
  const outcomes = await execute(request, deps, pass, verdict.runnable);
  recordOutcomes(deps.metrics, pass.log, pass.runId, plan, outcomes);
  const report = await record(request, deps, pass, { observed, plan, outcomes, ...verdict });
  if (!request.dryRun)
    await tell(
      deps,
      ...derivePassEvents({
        runId: pass.runId,
        trigger: request.trigger,
        status: report.status,
        reason: report.reason ?? report.error,
        now: observed.now,
        sessions: observed.sessions,
        // Every finding, not only the acted-on: a stuck session the plan waits on is still stuck.
        findings: plan.findings,
        agents: observed.agents,
      }),
    );
  return report;
}

/** Hands events to `deps.notify`; a notification that cannot be enqueued never fails the pass. */
async function tell(deps: RunDeps, ...events: NotifyEvent[]): Promise<void> {
  if (!deps.notify || events.length === 0) return;
  await deps
    .notify(events)
    .catch((error: unknown) =>
      deps.log?.("error", "could not enqueue notifications", { error: String(error) }),
    );
}

/** The runnable actions, fenced by the lease and bounded by the pass deadline. */
function execute(request: RunRequest, deps: RunDeps, pass: Pass, runnable: Action[]) {
  const { env } = deps;
  return executePlan(runnable, {
    store: deps.store.sessions,
    deleteObject: deps.deleteObject,
    ...(deps.patchObject ? { patchObject: deps.patchObject } : {}),
    clock: deps.clock,
    actor: actorOf(request),
    settings: derivePlatformSettings(env),
    concurrency: env.RECONCILE_CONCURRENCY,
    fence: pass.lease?.fence,
    deadline: new Date(pass.startedAt.getTime() + env.RECONCILE_PASS_DEADLINE_SECONDS * 1000),
    runId: pass.runId,
  });
}

/** Stores the finished run, moves the run metrics, logs it, and answers the report's body. */
async function record(
  request: RunRequest,
  deps: RunDeps,
  pass: Pass,
  done: {
    observed: ClustersPlanInput;
    plan: ClustersPlan;
    outcomes: ActionOutcome[];
    blocked?: string;
    stale?: string;
  },
) {
  const { clock } = deps;
  const { plan, outcomes, blocked, stale } = done;
  const kinds = kindSummary(done.observed.clusters, plan.unwatched);
  const unknownKinds = kinds.filter((k) => k.state !== "synced");
  const status = request.dryRun
    ? "dry_run"
    : stale
      ? "skipped"
      : deriveStatus(outcomes, !!blocked, unknownKinds.length);
  const error = unknownKinds.length
    ? `not observed: ${unknownKinds.map((k) => `${k.cluster ? `${k.cluster}/` : ""}${k.kind} (${k.error ?? k.state})`).join(", ")}; nothing was deleted or ended on their account`
    : undefined;
  const durationMs = clock().getTime() - pass.startedAt.getTime();
  await recordRun(deps.store.runs, pass.runId, {
    status,
    plan,
    observed: done.observed,
    outcomes,
    error: stale ?? blocked ?? error,
    finishedAt: clock(),
    durationMs,
  });
  deps.metrics?.reconcileRuns.inc({ trigger: request.trigger, status });
  deps.metrics?.reconcileDuration.observe({ trigger: request.trigger }, durationMs / 1000);
  const applied = outcomes.filter((o) => o.status === "applied").length;
  const level = status === "succeeded" || status === "dry_run" ? "info" : "warn";
  pass.log(level, "reconcile run finished", {
    runId: pass.runId,
    status,
    planned: plan.actions.length,
    applied,
    durationMs,
  });
  return {
    status,
    durationMs,
    kinds,
    driftCounts: plan.driftCounts,
    plan: plan.actions,
    planHash: derivePlanHash(plan.actions),
    attention: plan.attention,
    outcomes,
    ...(stale || blocked ? { reason: stale ?? blocked } : {}),
    ...(error ? { error } : {}),
    ...(plan.nextDueAt ? { nextDueAt: plan.nextDueAt } : {}),
  };
}

/**
 * What of the plan may run now: nothing when it is not the preview being applied; else what the
 * blast-radius gate lets through (the hour's spending read only when the plan would destroy
 * anything); nothing in a dry run, which still says whether the gate would hold it.
 */
async function decide(
  request: RunRequest,
  deps: RunDeps,
  observed: ClustersPlanInput,
  actions: Action[],
): Promise<{ runnable: Action[]; blocked?: string; stale?: string }> {
  const stale = request.dryRun ? undefined : checkPreview(actions, request.previewedPlanHash);
  if (stale) return { runnable: [], stale };
  const spentThisHour = actions.some(isDestructive)
    ? await deps.store.budget.countAutomatedDestruction({
        since: new Date(deps.clock().getTime() - 3_600_000),
      })
    : 0;
  const verdict = gate(actions, {
    observed,
    env: deps.env,
    allowLargeRun: request.allowLargeRun ?? false,
    spentThisHour,
  });
  // A dry run changes nothing, but says whether applying it would be held at the limit.
  return request.dryRun ? { runnable: [], blocked: verdict.blocked } : verdict;
}

/** Another pass holds the lease: a `skipped` run is stored, and nothing else happens. */
async function recordSkipped(request: RunRequest, deps: RunDeps, startedAt: Date): Promise<RunReport> {
  const reason = "another run is in progress";
  const runId = await deps.store.runs.insert({ ...request, dryRun: false, status: "skipped", startedAt });
  await deps.store.runs.finish(runId, { finishedAt: deps.clock(), durationMs: 0, error: reason });
  deps.metrics?.reconcileRuns.inc({ trigger: request.trigger, status: "skipped" });
  const base = { trigger: request.trigger, dryRun: false, startedAt: startedAt.toISOString() };
  return { ...base, runId, status: "skipped", durationMs: 0, ...emptyReport, reason };
}

/** The sentence a paused run stores and answers: who paused, when, and why. */
export function derivePauseReason(pause: PauseState): string {
  return `automation paused by ${pause.pausedBy} at ${pause.pausedAt.toISOString()}: ${pause.reason}`;
}

/** Automation is paused: a `paused` run is stored (the record that a pass came), and nothing else. */
async function recordPaused(
  request: RunRequest,
  deps: RunDeps,
  startedAt: Date,
  pause: PauseState,
): Promise<RunReport> {
  const reason = derivePauseReason(pause);
  const runId = await deps.store.runs.insert({ ...request, dryRun: false, status: "paused", startedAt });
  await deps.store.runs.finish(runId, { finishedAt: deps.clock(), durationMs: 0, error: reason });
  deps.metrics?.reconcileRuns.inc({ trigger: request.trigger, status: "paused" });
  deps.log?.("info", "reconcile run paused: automation is paused", { runId, reason });
  const base = { trigger: request.trigger, dryRun: false, startedAt: startedAt.toISOString() };
  return { ...base, runId, status: "paused", durationMs: 0, ...emptyReport, reason };
}
