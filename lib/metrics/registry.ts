import "server-only";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** Every metric this process exports at /api/metrics (docs/operations.md has example alerts). */
export interface Metrics {
  registry: Registry;
  kubernetesRequests: Counter<"type">;
  stuckTerminating: Gauge;
  stuckTerminatingTotal: Counter;
  reconcileRuns: Counter<"trigger" | "status">;
  reconcileActions: Counter<"type" | "outcome">;
  reconcileDuration: Histogram<"trigger">;
  orphanedObjects: Gauge<"kind">;
  driftSessions: Gauge<"class">;
  connectedAgents: Gauge;
  lastSuccessfulRun: Gauge;
  heldForSilence: Gauge;
  reconcileBlocked: Gauge;
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
    const registers = [registry];
    globalForMetrics.__sessionReconcilerMetrics = {
      registry,
      kubernetesRequests: new Counter({
        name: "session_reconciler_kubernetes_requests_total",
        help: "Requests this process made to the Kubernetes API server, by type (api call or watch).",
        labelNames: ["type"],
        registers,
      }),
      stuckTerminating: new Gauge({
        name: "sessions_stuck_terminating",
        help: "Sessions in terminating longer than STUCK_TERMINATING_SECONDS, as of the last reconcile run.",
        registers,
      }),
      stuckTerminatingTotal: new Counter({
        name: "sessions_stuck_terminating_total",
        help: "Stuck terminating sessions the reconciler acted on (stop retried or force terminated).",
        registers,
      }),
      reconcileRuns: new Counter({
        name: "reconcile_runs_total",
        help: "Reconcile runs by trigger and status (succeeded, partial, failed, skipped, blocked, dry_run).",
        labelNames: ["trigger", "status"],
        registers,
      }),
      reconcileActions: new Counter({
        name: "reconcile_actions_total",
        help: "Reconcile actions by type and outcome (applied, skipped, failed).",
        labelNames: ["type", "outcome"],
        registers,
      }),
      reconcileDuration: new Histogram({
        name: "reconcile_run_duration_seconds",
        help: "Duration of reconcile runs that acted or planned.",
        labelNames: ["trigger"],
        buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
        registers,
      }),
      orphanedObjects: new Gauge({
        name: "orphaned_objects",
        help: "Objects with this installation's label whose session has no row, by kind, as of the last run.",
        labelNames: ["kind"],
        registers,
      }),
      reconcileBlocked: new Gauge({
        name: "reconcile_blocked",
        help: "1 when the last run held its destructive actions at the blast-radius limit (a human must confirm), else 0.",
        registers,
      }),
      heldForSilence: new Gauge({
        name: "reconcile_held_for_silence_sessions",
        help: "Sessions whose agent's silence was not taken as its death in the last run: many agents fell silent together, or this installation could not hear them (suspect the control plane).",
        registers,
      }),
      driftSessions: new Gauge({
        name: "drift_sessions",
        help: "Sessions (or orphaned session ids) with drift, by class, as of the last run.",
        labelNames: ["class"],
        registers,
      }),
      connectedAgents: new Gauge({
        name: "agents_connected",
        help: "Agents whose last heartbeat is within AGENT_HEARTBEAT_TIMEOUT_SECONDS, as of the last run.",
        registers,
      }),
      lastSuccessfulRun: new Gauge({
        name: "reconcile_last_success_timestamp_seconds",
        help: "Unix time of the last reconcile run that finished without failures.",
        registers,
      }),
    };
  }
  return globalForMetrics.__sessionReconcilerMetrics;
}
