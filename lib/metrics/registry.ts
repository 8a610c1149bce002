import "server-only";
import { Counter, Registry, collectDefaultMetrics } from "prom-client";

interface Metrics {
  registry: Registry;
  kubernetesRequests: Counter<"type">;
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
    globalForMetrics.__sessionReconcilerMetrics = {
      registry,
      kubernetesRequests: new Counter({
        name: "session_reconciler_kubernetes_requests_total",
        help: "Requests this process made to the Kubernetes API server, by type (api call or watch).",
        labelNames: ["type"],
        registers: [registry],
      }),
    };
  }
  return globalForMetrics.__sessionReconcilerMetrics;
}
