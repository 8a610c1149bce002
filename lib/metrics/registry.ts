import "server-only";
import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { registerStoredGauges } from "./stored-gauges";

/**
 * The metrics this process moves, exported at /api/metrics with the gauges of what the reconciler
 * found, which are read from the database at scrape time (./stored-gauges.ts); docs/operations.md
 * has example alerts.
 */
export interface Metrics {
  registry: Registry;
  kubernetesRequests: Counter<"type" | "cluster">;
  stuckTerminatingTotal: Counter;
  reconcileRuns: Counter<"trigger" | "status">;
  reconcileActions: Counter<"type" | "outcome">;
  reconcileDuration: Histogram<"trigger">;
}

const globalForMetrics = globalThis as typeof globalThis & { __sessionReconcilerMetrics?: Metrics };

/**
 * The process's Prometheus registry (one per process, kept on globalThis across dev reloads).
 * prom-client because its text format, default process metrics and histograms are what
 * Prometheus expects, and hand-written exposition gets the escaping wrong.
 */
export function getMetrics(): Metrics {
  if (!globalForMetrics.__sessionReconcilerMetrics) {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    registerStoredGauges(registry);
    const registers = [registry];
    globalForMetrics.__sessionReconcilerMetrics = {
      registry,
      kubernetesRequests: new Counter({
        name: "session_reconciler_kubernetes_requests_total",
        help: "Requests this process made to a cluster's Kubernetes API server, by cluster and type (api call or watch).",
        labelNames: ["type", "cluster"],
        registers,
      }),
      stuckTerminatingTotal: new Counter({
        name: "sessions_stuck_terminating_total",
        help: "Stuck terminating sessions this process's passes acted on (stop retried or force terminated).",
        registers,
      }),
      reconcileRuns: new Counter({
        name: "reconcile_runs_total",
        help: "Reconcile runs this process ran, by trigger and status (succeeded, partial, failed, skipped, blocked, dry_run).",
        labelNames: ["trigger", "status"],
        registers,
      }),
      reconcileActions: new Counter({
        name: "reconcile_actions_total",
        help: "Reconcile actions this process's passes took, by type and outcome (applied, skipped, failed).",
        labelNames: ["type", "outcome"],
        registers,
      }),
      reconcileDuration: new Histogram({
        name: "reconcile_run_duration_seconds",
        help: "Duration of the reconcile runs this process ran that acted or planned.",
        labelNames: ["trigger"],
        buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
        registers,
      }),
    };
  }
  return globalForMetrics.__sessionReconcilerMetrics;
}
