/** The label every object we create carries, naming this installation; nothing without it is deleted. */
export const MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
/**
 * The annotation carrying this installation's id (a random uuid born with its database): an object
 * is an orphan of ours only when it carries our id and has no row.
 */
export const INSTALLATION_ID_ANNOTATION = "session-reconciler.io/installation-id";
/** The label naming the agent that created an object. */
export const AGENT_LABEL = "session-reconciler.io/agent";

export interface SessionLabelOptions {
  /** Label key for the session id (configurable, default `session`). */
  sessionLabelKey: string;
  /** This installation's name: the managed-by label's value. */
  installation: string;
  sessionId: string;
  agentId: string;
}

/** The labels of a session's Deployment, Service and Pods. */
export function deriveSessionLabels(options: SessionLabelOptions): Record<string, string> {
  return {
    [options.sessionLabelKey]: options.sessionId,
    [AGENT_LABEL]: options.agentId,
    [MANAGED_BY_LABEL]: options.installation,
  };
}

/** The label selector that lists every object of this installation (one list per kind). */
export function deriveManagedSelector(installation: string): string {
  return `${MANAGED_BY_LABEL}=${installation}`;
}

/**
 * The marks of a quarantined object (scaled to 0, kept until `until`, then deleted), and of one
 * restored from quarantine (`restoredAt` holds off a new quarantine for QUARANTINE_SECONDS). Kept by
 * the watch cache's trimming (lib/k8s/model/trim.ts): the planner reads them from the snapshot.
 */
export const QUARANTINE_ANNOTATIONS = {
  at: "session-reconciler.io/quarantined-at",
  by: "session-reconciler.io/quarantined-by",
  reason: "session-reconciler.io/quarantine-reason",
  replicasBefore: "session-reconciler.io/replicas-before",
  until: "session-reconciler.io/quarantine-until",
  restoredAt: "session-reconciler.io/restored-at",
  restoredBy: "session-reconciler.io/restored-by",
} as const;
