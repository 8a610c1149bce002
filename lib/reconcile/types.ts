import type { ClassMode } from "@/lib/config/class-modes";
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
      driftClass: "stuck-terminating";
      reason: string;
    }
  | {
      type: "terminate-session";
      sessionId: string;
      evidence: Evidence;
      terminationReason: TerminationReason;
      objects: ObjectRef[];
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
  /** Sessions whose agent's silence was not taken as its death (see deriveSilenceHolds). */
  heldForSilence: number;
  /**
   * When the earliest agent silence this plan waited on becomes evidence (ISO): the in-process
   * loop passes again then instead of at its next interval, so a dead agent's sessions are not
   * left for up to one more interval. Absent when no silence is ripening.
   */
  nextDueAt?: string;
}
