import { classModes, type ClassMode } from "@/lib/config/class-modes";
import type { DriftClass, DriftThresholds } from "@/lib/drift/types";
import type { ObjectRef } from "@/lib/k8s/model/object-ref";
import type { SessionState, TerminationReason } from "@/lib/sessions/state-machine";

export type { ClassMode, ObjectRef };

/**
 * What the plan saw, re-checked at execute time in the transaction that writes: the session is
 * still in this state since this moment, and (`agentSilent`) its agent is still disconnected.
 * Anything else makes the action `skipped`: the world moved since the plan.
 */
export interface Evidence {
  state: SessionState;
  stateChangedAt: string;
  agentSilent?: string;
}

/** Drift classes the reconciler can fix by itself; the others are shown, never acted on. */
export const actionableClasses = [
  "stuck-terminating",
  "agent-lost",
  "leaked-resources",
  "ended-but-running",
  "orphaned-resources",
  "missing-resources",
  "pending-too-long",
] as const satisfies readonly DriftClass[];
export type ActionableClass = (typeof actionableClasses)[number];

/**
 * Classes whose fix deletes a Deployment that can be kept back: `quarantine` mode is allowed for
 * them only. missing-resources has no Deployment left to scale (that is its drift), and a
 * pending-too-long session never ran: nothing in either is worth bringing back.
 */
export const quarantineClasses = [
  "stuck-terminating",
  "agent-lost",
  "leaked-resources",
  "orphaned-resources",
] as const satisfies readonly ActionableClass[];

/** The modes a class may be set to: every mode, but `quarantine` only for {@link quarantineClasses}. */
export function deriveAllowedModes(driftClass: ActionableClass): readonly ClassMode[] {
  const quarantinable: readonly string[] = quarantineClasses;
  return quarantinable.includes(driftClass) ? classModes : classModes.filter((m) => m !== "quarantine");
}

/** An object to quarantine: its ref (version pinned) and, for a Deployment, the replicas it has. */
export type QuarantineTarget = ObjectRef & { replicas?: number };

/** An object to restore: its ref (version pinned) and the replicas its marks say it had. */
export type RestoreTarget = ObjectRef & { replicasBefore?: number };

/**
 * What a session-ending action does with the session's objects in quarantine mode instead of
 * deleting them (its `objects` is then empty): the targets, kept this long.
 */
export interface QuarantineInstead {
  targets: QuarantineTarget[];
  quarantineSeconds: number;
}

export interface ReconcilePolicy {
  thresholds: DriftThresholds;
  /** Stuck terminating with the agent gone longer than this: force terminate (DESIGN: 10 min). */
  agentGoneForceSeconds: number;
  /** Least time between two stop attempts for one session; doubles per attempt, capped at 16×. */
  retryStopBackoffSeconds: number;
  /** Stops a connected agent may fail (or keep open this long) before the session is forced. */
  stopEscalateAttempts: number;
  stopEscalateSeconds: number;
  modes: Record<ActionableClass, ClassMode>;
  installation: string;
  /** This installation's id (from its database): only objects carrying it are orphans of ours. */
  installationId: string;
  sessionLabelKey: string;
  /** How long a quarantined object is kept before deletion, and a restore holds the reconciler off. */
  quarantineSeconds: number;
}

/**
 * What the reconciler does, one session (or orphaned session id) per action. A discriminated union:
 * the executor switches on `type` with an exhaustive `never`.
 */
export type Action =
  | {
      type: "retry-stop";
      sessionId: string;
      agentId: string;
      attempt: number;
      driftClass: "stuck-terminating";
      reason: string;
    }
  | {
      type: "force-terminate";
      sessionId: string;
      evidence?: Evidence;
      terminationReason: TerminationReason;
      objects: ObjectRef[];
      quarantine?: QuarantineInstead;
      driftClass: "stuck-terminating";
      reason: string;
    }
  | {
      type: "terminate-session";
      sessionId: string;
      evidence: Evidence;
      terminationReason: TerminationReason;
      objects: ObjectRef[];
      quarantine?: QuarantineInstead;
      driftClass: "agent-lost";
      reason: string;
    }
  | {
      type: "fail-session";
      sessionId: string;
      evidence: Evidence;
      terminationReason: TerminationReason;
      objects: ObjectRef[];
      driftClass: "missing-resources" | "pending-too-long";
      reason: string;
    }
  | {
      /** Ask the agent that still reports an ended session to stop it (the row stays as it is). */
      type: "queue-stop";
      sessionId: string;
      agentId: string;
      attempt: number;
      evidence: Evidence;
      driftClass: "ended-but-running";
      reason: string;
    }
  | {
      type: "delete-objects";
      sessionId: string;
      objects: ObjectRef[];
      /** Their quarantine has ended: audited as `object.deleted_after_quarantine` too. */
      afterQuarantine?: boolean;
      driftClass: "leaked-resources" | "orphaned-resources";
      reason: string;
    }
  | {
      // `targets`, not `objects`: a quarantine deletes nothing, so the blast-radius budget (which
      // counts `objects`) does not count it; the deletion when it ends is counted.
      type: "quarantine-objects";
      sessionId: string;
      targets: QuarantineTarget[];
      quarantineSeconds: number;
      driftClass: "leaked-resources" | "orphaned-resources";
      reason: string;
    }
  | {
      /** Only ever a person's click (lib/reconcile/manual.ts): the planner never restores. */
      type: "restore-objects";
      sessionId: string;
      targets: RestoreTarget[];
      driftClass: "leaked-resources" | "orphaned-resources";
      reason: string;
    };

export type ActionType = Action["type"];

/** Something a person must look at: drift in manual mode, or with no automatic fix. */
export interface Attention {
  sessionId: string;
  driftClass: DriftClass;
  sentence: string;
  /** Since when the condition holds, when known (ISO): how long it has waited for a human. */
  since?: string;
}

export interface Plan {
  actions: Action[];
  attention: Attention[];
  /** Drift found, by class, whether or not acted on. */
  driftCounts: Record<DriftClass, number>;
  /**
   * Every finding, acted on, held, waiting or left to a person, with its sentence: what a pass tells
   * beyond its plan (a session stuck past its threshold is told even while the plan waits on it).
   */
  findings: Attention[];
  /** Sessions whose agent's silence was not taken as its death (see deriveSilenceHolds). */
  heldForSilence: number;
  /**
   * When the earliest agent silence this plan waited on becomes evidence (ISO): the in-process
   * loop passes again then instead of at its next interval, so a dead agent's sessions are not
   * left for up to one more interval. Absent when no silence is ripening.
   */
  nextDueAt?: string;
}
