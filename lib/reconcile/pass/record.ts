import "server-only";
import type { ReconcileRunStatus, RunFigures } from "@/lib/db/schema";
import { listQuarantinedObjects } from "@/lib/k8s/model/quarantine";
import {
  indexBySession,
  observedKinds,
  type ClusterSnapshot,
  type ClusterView,
  type KindStatus,
} from "@/lib/k8s/model/snapshot";
import type { Metrics } from "@/lib/metrics/registry";
import type { ActionOutcome } from "../execute";
import type { ClustersPlan, ClustersPlanInput } from "../clusters";
import type { RunStore } from "../store";
import type { Plan } from "../types";

export type PassLog = (
  level: "info" | "warn" | "error",
  msg: string,
  fields?: Record<string, unknown>,
) => void;

/**
 * Each observed kind's state, per cluster; with several clusters each entry names its cluster. A
 * cluster sessions name that is not configured here is one `unwatched` entry (never planned).
 */
export const kindSummary = (clusters: ClusterView[], unwatched: ClustersPlan["unwatched"] = []) => [
  ...clusters.flatMap(({ cluster, snapshot }) =>
    observedKinds.map((kind) => {
      const status: KindStatus = snapshot.kinds[kind];
      return {
        ...(clusters.length > 1 ? { cluster } : {}),
        kind,
        state: status.state,
        ...(status.state === "error" ? { error: status.error } : {}),
      };
    }),
  ),
  ...unwatched.map(({ cluster, sessions }) => ({
    cluster,
    kind: "sessions",
    state: "unwatched" as const,
    error: `cluster ${cluster} is not configured here (CLUSTERS): its ${sessions} session(s) are not reconciled`,
  })),
];

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
    plan: ClustersPlan;
    observed: ClustersPlanInput;
    outcomes: ActionOutcome[];
    error?: string;
    finishedAt: Date;
    durationMs: number;
  },
) {
  const { plan, outcomes } = input;
  await runs.finish(runId, {
    status: input.status,
    finishedAt: input.finishedAt,
    durationMs: input.durationMs,
    kinds: kindSummary(input.observed.clusters, plan.unwatched),
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
export function deriveRunFigures(plan: ClustersPlan, observed: ClustersPlanInput): RunFigures {
  const known = new Set(observed.sessions.map((s) => s.id));
  const byCluster: NonNullable<RunFigures["byCluster"]> = {};
  const orphanedObjects = { Deployment: 0, Service: 0, Pod: 0 };
  const quarantinedObjects = { Deployment: 0, Service: 0, Pod: 0 };
  for (const { cluster, snapshot } of observed.clusters) {
    const own = deriveObjectFigures(snapshot, known, observed.policy.sessionLabelKey);
    byCluster[cluster] = { driftCounts: plan.driftCountsByCluster[cluster] ?? {}, ...own };
    for (const kind of ["Deployment", "Service", "Pod"] as const) {
      orphanedObjects[kind] += own.orphanedObjects[kind];
      quarantinedObjects[kind] += own.quarantinedObjects[kind];
    }
  }
  return { heldForSilence: plan.heldForSilence, orphanedObjects, quarantinedObjects, byCluster };
}

/** One cluster's orphans (objects whose session has no row) and objects in quarantine, by kind. */
function deriveObjectFigures(snapshot: ClusterSnapshot, known: Set<string>, sessionLabelKey: string) {
  const orphanedObjects = { Deployment: 0, Service: 0, Pod: 0 };
  for (const [id, objects] of indexBySession(snapshot, sessionLabelKey)) {
    if (known.has(id)) continue;
    orphanedObjects.Deployment += objects.deployments.length;
    orphanedObjects.Service += objects.services.length;
    orphanedObjects.Pod += objects.pods.length;
  }
  const quarantinedObjects = { Deployment: 0, Service: 0, Pod: 0 };
  for (const o of listQuarantinedObjects({ ...snapshot, endpointSlices: [] })) quarantinedObjects[o.kind]++;
  return { orphanedObjects, quarantinedObjects };
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
