import "server-only";
import { Gauge, type Registry } from "prom-client";
import { getEnv } from "@/lib/config/env";
import { getStoredGaugeFigures } from "@/lib/db/readers/metrics";
import { getRuntimeSettings } from "@/lib/db/readers/runtime-settings";
import { log } from "@/lib/log/logger";
import { deriveGaugeValues, type GaugeValues, type LabelledValue } from "./gauge-values";

let reading: Promise<GaugeValues | undefined> | undefined;

/**
 * The gauge values of this scrape, read from the database once however many gauges ask (their
 * collects start together). Unreadable: undefined, and the gauges report no samples — an absent
 * series says "unknown"; a stale value of this process's would be a guess.
 */
function readGaugeValues(): Promise<GaugeValues | undefined> {
  reading ??= getStoredGaugeFigures()
    .then((stored) => deriveGaugeValues(stored, new Date(), getEnv().AGENT_HEARTBEAT_TIMEOUT_SECONDS))
    .catch((error: unknown) => {
      log.error("metrics: the stored gauges could not be read", { error });
      return undefined;
    })
    .finally(() => {
      reading = undefined;
    });
  return reading;
}

/** A gauge whose samples are set at each scrape from the stored figures (`pick` says which). */
function storedGauge(
  registry: Registry,
  config: { name: string; help: string; labelName?: string },
  pick: (values: GaugeValues) => number | Record<string, number>,
) {
  const { name, help, labelName } = config;
  return new Gauge({
    name,
    help,
    labelNames: labelName ? [labelName] : [],
    registers: [registry],
    async collect() {
      const values = await readGaugeValues();
      this.reset();
      if (!values) return;
      const picked = pick(values);
      if (typeof picked === "number") this.set(picked);
      else for (const [label, value] of Object.entries(picked)) this.set({ [labelName!]: label }, value);
    },
  });
}

/** A stored gauge with several labels (`pick` gives each sample's labels and value). */
function storedLabelledGauge(
  registry: Registry,
  config: { name: string; help: string; labelNames: string[] },
  pick: (values: GaugeValues) => LabelledValue[],
) {
  return new Gauge({
    ...config,
    registers: [registry],
    async collect() {
      const values = await readGaugeValues();
      this.reset();
      if (!values) return;
      for (const { labels, value } of pick(values)) this.set(labels, value);
    },
  });
}

/**
 * The gauges of what the reconciler found, from the database at scrape time — the last recorded
 * run and the agent rows — not from this process's memory: behind a Service, every replica answers
 * what the replica that ran the pass found. (Counters stay per process, as Prometheus expects.)
 */
export function registerStoredGauges(registry: Registry): void {
  new Gauge({
    name: "automation_paused",
    help: "1 while an admin has paused automation on /settings (passes do nothing), else 0; read from the database at scrape time.",
    registers: [registry],
    async collect() {
      this.reset();
      // Unreadable: no sample (unknown), like the other stored gauges.
      const settings = await getRuntimeSettings().catch(() => undefined);
      if (settings) this.set(settings.pause ? 1 : 0);
    },
  });
  storedGauge(
    registry,
    {
      name: "sessions_stuck_terminating",
      help: "Sessions in terminating longer than STUCK_TERMINATING_SECONDS, as of the last reconcile run.",
    },
    (v) => v.stuckTerminating,
  );
  storedGauge(
    registry,
    {
      name: "orphaned_objects",
      help: "Objects with this installation's label whose session has no row, by kind, as of the last run.",
      labelName: "kind",
    },
    (v) => v.orphanedObjects,
  );
  storedGauge(
    registry,
    {
      name: "objects_quarantined",
      help: "Objects of this installation in quarantine (scaled to 0, marked, deleted after QUARANTINE_SECONDS unless restored), by kind, as of the last run.",
      labelName: "kind",
    },
    (v) => v.quarantinedObjects,
  );
  storedGauge(
    registry,
    {
      name: "reconcile_blocked",
      help: "1 when the last run held its destructive actions at the blast-radius limit (a human must confirm), else 0.",
    },
    (v) => v.blocked,
  );
  storedGauge(
    registry,
    {
      name: "reconcile_held_for_silence_sessions",
      help: "Sessions whose agent's silence was not taken as its death in the last run: many agents fell silent together, or this installation could not hear them (suspect the control plane).",
    },
    (v) => v.heldForSilence,
  );
  storedGauge(
    registry,
    {
      name: "drift_sessions",
      help: "Sessions (or orphaned session ids) with drift, by class, as of the last run.",
      labelName: "class",
    },
    (v) => v.driftSessions,
  );
  storedLabelledGauge(
    registry,
    {
      name: "cluster_drift_sessions",
      help: "Sessions (or orphaned session ids) with drift, by cluster and class, as of the last run.",
      labelNames: ["cluster", "class"],
    },
    (v) => v.driftByCluster,
  );
  storedLabelledGauge(
    registry,
    {
      name: "cluster_orphaned_objects",
      help: "Objects with this installation's label whose session has no row, by cluster and kind, as of the last run.",
      labelNames: ["cluster", "kind"],
    },
    (v) => v.orphansByCluster,
  );
  storedGauge(
    registry,
    {
      name: "agents_connected",
      help: "Agents whose last heartbeat is within AGENT_HEARTBEAT_TIMEOUT_SECONDS, at scrape time.",
    },
    (v) => v.connectedAgents,
  );
  storedGauge(
    registry,
    {
      name: "reconcile_last_success_timestamp_seconds",
      help: "Unix time of the last reconcile run that finished without failures, whichever replica ran it.",
    },
    (v) => v.lastSuccessSeconds,
  );
}
