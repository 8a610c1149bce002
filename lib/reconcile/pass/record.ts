import "server-only";
import type { ReconcileRunStatus, RunFigures } from "@/lib/db/schema";
import { listQuarantinedObjects } from "@/lib/k8s/model/quarantine";
import {
  indexBySession,
  observedKinds,
  type ClusterSnapshot,
  type KindStatus,
} from "@/lib/k8s/model/snapshot";
import type { Metrics } from "@/lib/metrics/registry";
import type { ActionOutcome } from "../execute";
import type { PlanInput } from "../plan";
import type { RunStore } from "../store";
import type { Plan } from "../types";

export type PassLog = (
  level: "info" | "warn" | "error",
  msg: string,
  fields?: Record<string, unknown>,
) => void;

export const kindSummary = (snapshot: ClusterSnapshot) =>
  observedKinds.map((kind) => {
    const status: KindStatus = snapshot.kinds[kind];
    return { kind, state: status.state, ...(status.state === "error" ? { error: status.error } : {}) };
  });

/** How a pass that executed went: all applied or skipped, some failed, or every one failed. */
export function deriveStatus(
  outcomes: ActionOutcome[],
  blocked: boolean,
  unknownKinds: number,
): ReconcileRunStatus {
  if (blocked) return "blocked";
  const failed = outcomes.filter((o) => o.status === "failed").length;
  if (failed > 0 && failed === outcomes.length) return "failed";
  return failed > 0 || unknownKinds > 0 ? "partial" : "succeeded";
}

/**
 * Stores the finished run: what was seen, planned and done, and why anything was not — and the
 * figures the gauges report from it, on whichever replica is scraped.
 */
export async function recordRun(
  runs: RunStore,
  runId: number,
  input: {
    status: ReconcileRunStatus;
    plan: Plan;
    observed: PlanInput;
    outcomes: ActionOutcome[];
    error?: string;
    finishedAt: Date;
    durationMs: number;
  },
) {
  const { plan, outcomes } = input;
  const snapshot = input.observed.snapshot;
  await runs.finish(runId, {
    status: input.status,
    finishedAt: input.finishedAt,
    durationMs: input.durationMs,
    kinds: kindSummary(snapshot),
    driftCounts: plan.driftCounts,
    plan: plan.actions as unknown as Record<string, unknown>[],
    outcomes: outcomes as unknown as Record<string, unknown>[],
    plannedCount: plan.actions.length,
    appliedCount: outcomes.filter((o) => o.status === "applied").length,
    failedCount: outcomes.filter((o) => o.status === "failed").length,
    error: input.error ?? null,
    figures: deriveRunFigures(plan, input.observed),
  });
}

/**
 * What the gauges report of a run beyond its drift counts: held sessions, orphans and objects in
 * quarantine per kind (as observed at the start of the pass: what it quarantines shows next pass).
 */
export function deriveRunFigures(plan: Plan, observed: PlanInput): RunFigures {
  const known = new Set(observed.sessions.map((s) => s.id));
  const orphanedObjects = { Deployment: 0, Service: 0, Pod: 0 };
  for (const [id, objects] of indexBySession(observed.snapshot, observed.policy.sessionLabelKey)) {
    if (known.has(id)) continue;
    orphanedObjects.Deployment += objects.deployments.length;
    orphanedObjects.Service += objects.services.length;
    orphanedObjects.Pod += objects.pods.length;
  }
  const quarantinedObjects = { Deployment: 0, Service: 0, Pod: 0 };
  const all = { ...observed.snapshot, endpointSlices: [] };
  for (const o of listQuarantinedObjects(all)) quarantinedObjects[o.kind]++;
  return { heldForSilence: plan.heldForSilence, orphanedObjects, quarantinedObjects };
}

/** Counts each outcome, and logs the failures and what waits for a human. */
export function recordOutcomes(
  metrics: Metrics | undefined,
  log: PassLog,
  runId: number,
  plan: Plan,
  outcomes: ActionOutcome[],
) {
  for (const a of plan.attention)
    log("warn", "needs a human", { sessionId: a.sessionId, driftClass: a.driftClass, sentence: a.sentence });
  for (const o of outcomes) {
    metrics?.reconcileActions.inc({ type: o.type, outcome: o.status });
    if (o.status === "applied" && (o.type === "retry-stop" || o.type === "force-terminate"))
      metrics?.stuckTerminatingTotal.inc();
    if (o.status === "failed") log("error", "reconcile action failed", { runId, ...o });
  }
}
