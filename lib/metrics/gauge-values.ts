import type { StoredGaugeFigures } from "@/lib/db/queries/metrics";
import { deriveAgentConnection } from "@/lib/platform/agent-connection";

/** What each stored gauge reports at one scrape. */
export interface GaugeValues {
  stuckTerminating: number;
  driftSessions: Record<string, number>;
  orphanedObjects: Record<string, number>;
  quarantinedObjects: Record<string, number>;
  connectedAgents: number;
  /** Unix seconds of the last successful run; 0 before the first. */
  lastSuccessSeconds: number;
  blocked: number;
  heldForSilence: number;
  /** The same per cluster (runs since issue 16): `{cluster, class|kind} → n`. */
  driftByCluster: LabelledValue[];
  orphansByCluster: LabelledValue[];
}

/** One sample of a gauge with several labels. */
export interface LabelledValue {
  labels: Record<string, string>;
  value: number;
}

/**
 * The gauges from the stored figures: the last planned run's drift, orphans and held sessions,
 * the last successful run's time, whether the last deciding run was blocked, and the agents whose
 * heartbeat is within the timeout at `now`. Before any run: zeros, and no labelled samples.
 */
export function deriveGaugeValues(
  stored: StoredGaugeFigures,
  now: Date,
  heartbeatTimeoutSeconds: number,
): GaugeValues {
  const drift = stored.lastPlanned?.driftCounts ?? {};
  const byCluster = Object.entries(stored.lastPlanned?.figures.byCluster ?? {});
  const perCluster = (label: string, pick: (f: (typeof byCluster)[number][1]) => Record<string, number>) =>
    byCluster.flatMap(([cluster, figures]) =>
      Object.entries(pick(figures)).map(([key, value]) => ({ labels: { cluster, [label]: key }, value })),
    );
  return {
    driftByCluster: perCluster("class", (f) => f.driftCounts),
    orphansByCluster: perCluster("kind", (f) => f.orphanedObjects),
    stuckTerminating: drift["stuck-terminating"] ?? 0,
    driftSessions: drift,
    orphanedObjects: stored.lastPlanned?.figures.orphanedObjects ?? {},
    quarantinedObjects: stored.lastPlanned?.figures.quarantinedObjects ?? {},
    connectedAgents: stored.agents.filter(
      (a) => deriveAgentConnection(a, now, heartbeatTimeoutSeconds).connected,
    ).length,
    lastSuccessSeconds: stored.lastSucceededAt ? stored.lastSucceededAt.getTime() / 1000 : 0,
    blocked: stored.blocked ? 1 : 0,
    heldForSilence: stored.lastPlanned?.figures.heldForSilence ?? 0,
  };
}
