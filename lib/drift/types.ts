import type { ObservedKind } from "@/lib/k8s/model/snapshot";

/** The drift classes of DESIGN.md, in the order the dashboard shows them. */
export const driftClasses = [
  "stuck-terminating",
  "agent-lost",
  "leaked-resources",
  "ended-but-running",
  "orphaned-resources",
  "foreign-objects",
  "missing-resources",
  "pending-too-long",
  "pods-stuck-terminating",
  "unhealthy",
] as const;
export type DriftClass = (typeof driftClasses)[number];

export const driftClassLabels: Record<DriftClass, string> = {
  "stuck-terminating": "Stuck terminating",
  "agent-lost": "Agent lost",
  "leaked-resources": "Leaked resources",
  "ended-but-running": "Ended but still running",
  "orphaned-resources": "Orphaned resources",
  "foreign-objects": "Another installation's objects",
  "missing-resources": "Missing resources",
  "pending-too-long": "Pending too long",
  "pods-stuck-terminating": "Pods stuck terminating",
  unhealthy: "Unhealthy",
};

/** Every threshold of the classification; all are configuration and shown in the UI. */
export interface DriftThresholds {
  /** `terminating` longer than this is stuck (DESIGN: 5 min). */
  stuckTerminatingSeconds: number;
  /** An agent disconnected longer than this has lost its sessions (DESIGN: 30 s grace). */
  agentDisconnectGraceSeconds: number;
  /** Managed objects without a session row are orphans once older than this. */
  orphanGraceSeconds: number;
  /** `running` without a Deployment or pods for longer than this is missing its resources. */
  missingResourcesGraceSeconds: number;
  /** `pending` longer than this, with its agent gone, will not start. */
  pendingTooLongSeconds: number;
  /** A pod deletion older than its grace period plus this margin is stuck. */
  podTerminatingMarginSeconds: number;
  /** A pod not Ready for longer than this is unhealthy. */
  unhealthyNotReadySeconds: number;
  /**
   * An ended session its agent still reports is drift only once it ended longer ago than this
   * (an inventory listed just before the agent's own stop finished still names it).
   */
  endedButRunningGraceSeconds: number;
}

export const defaultDriftThresholds: DriftThresholds = {
  stuckTerminatingSeconds: 300,
  agentDisconnectGraceSeconds: 30,
  orphanGraceSeconds: 300,
  missingResourcesGraceSeconds: 120,
  pendingTooLongSeconds: 600,
  podTerminatingMarginSeconds: 60,
  unhealthyNotReadySeconds: 300,
  endedButRunningGraceSeconds: 60,
};

/** One reason a session (or an orphan's objects) disagrees with what should be. */
export interface DriftFinding {
  driftClass: DriftClass;
  severity: "warning" | "error";
  /** For the person on call: what is wrong, for how long, and what still runs. */
  sentence: string;
  /** Since when the condition holds, when known. */
  since: Date | null;
}

/** The classification of one row: its findings, and the kinds it could not judge. */
export interface DriftResult {
  findings: DriftFinding[];
  /** Kinds whose state is unknown (list failed): drift that depends on them is not claimed. */
  unknownKinds: ObservedKind[];
}
