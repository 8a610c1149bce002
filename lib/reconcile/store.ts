import type { Actor } from "@/lib/db/queries/audit";
import type { Retention } from "@/lib/db/queries/retention";
import type { AgentRow, ReconcileRunRow, ReconcileRunStatus, ReconcileTrigger } from "@/lib/db/schema";
import type { PlatformSettings } from "@/lib/platform/settings";
import type { SessionState, TerminationReason } from "@/lib/sessions/state-machine";
import type { ClusterPlanSession } from "./clusters";
import type { StopHistory } from "./plan";

// What a pass needs from storage, and nothing else: the seam between the reconciler and the
// database. lib/db/reconcile-store.ts builds it over the real database (`reconcileStore(db, requestStop)`, the
// same queries, locks and transactions); the unit tests of run.ts and execute.ts over memory.

/** The pass's record in `reconcile_runs`. */
export interface RunStore {
  insert(values: {
    trigger: ReconcileTrigger;
    actorId: string;
    dryRun: boolean;
    status: ReconcileRunStatus;
    startedAt: Date;
  }): Promise<number>;
  finish(
    id: number,
    values: Partial<Omit<ReconcileRunRow, "id" | "trigger" | "actorId" | "startedAt">>,
  ): Promise<void>;
  /** Runs left `running` by a process that died before `olderThan` are closed as failed. */
  closeAbandoned(input: { olderThan: Date; now: Date }): Promise<void>;
}

/** The single-flight lease (one row, taken by an atomic upsert, expiring). */
export interface LeaseStore {
  /** Takes it when free or expired; false when another holder has it. */
  acquire(input: { holder: string; now: Date; ttlSeconds: number }): Promise<boolean>;
  /** Extends it; false when `holder` lost it. */
  renew(input: { holder: string; now: Date; ttlSeconds: number }): Promise<boolean>;
  holds(input: { holder: string; now: Date }): Promise<boolean>;
  release(holder: string): Promise<void>;
}

/** An agent as the pass judges it: approval, cluster, heartbeats. */
export type ObservedAgent = Pick<
  AgentRow,
  "id" | "cluster" | "approvalStatus" | "lastHeartbeatAt" | "connectedAt" | "disconnectedAt"
> &
  Partial<Pick<AgentRow, "inventory" | "inventoryReportedAt">>;

/** What `observe` (and a one-click fix's preview) reads, and the liveness it records. */
export interface ObserveStore {
  getInstallationId(): Promise<string>;
  /** This installation is alive at `now` (a gap longer than the timeout starts a new `aliveSince`). */
  recordAlive(input: { now: Date; heartbeatTimeoutSeconds: number }): Promise<void>;
  getLiveness(): Promise<{ aliveSince: Date | null; lastAliveAt: Date | null }>;
  /**
   * Sessions not yet ended plus ended ones with objects in the cluster (`withObjects`) — or exactly
   * `ids` — and each terminating session's stop history.
   */
  loadPlanSessions(input: {
    withObjects: string[];
    ids?: string[];
  }): Promise<{ sessions: ClusterPlanSession[]; stopHistory: Map<string, StopHistory> }>;
  listAgents(): Promise<ObservedAgent[]>;
}

/** The hour's spending of the blast-radius budget. */
export interface BudgetStore {
  /** Objects deleted and sessions ended by automation since `since` (from the audit log). */
  countAutomatedDestruction(input: { since: Date }): Promise<number>;
}

/** Runs and audit events past their retention, pruned at most once a day across processes. */
export interface RetentionStore {
  pruneOnceADay(input: { now: Date; retention: Retention }): Promise<unknown>;
}

/** An agent row read under a share lock inside the writing transaction. */
export type LockedAgent = Pick<AgentRow, "id" | "lastHeartbeatAt" | "connectedAt" | "disconnectedAt">;

/**
 * What a precondition may read inside the transaction that writes, so that what it checks and the
 * write it guards commit together: the agent under a share lock (a heartbeat waits for the
 * transaction), and whether `holder` still holds the lease (its row share-locked as well).
 */
export interface TransactionReads {
  readAgentLocked(agentId: string): Promise<LockedAgent | undefined>;
  holdsLease(holder: string, now: Date): Promise<boolean>;
}

/** The session as the writing transaction read it, under lock. */
export interface LockedSession {
  state: SessionState;
  stateChangedAt: Date;
}

/**
 * A check made inside the writing transaction, with the session row locked: why the write must not
 * happen after all, or undefined to go ahead (the reconciler's fence and evidence).
 */
export type Precondition = (tx: TransactionReads, current: LockedSession) => Promise<string | undefined>;

/** What a write that ends a session answers: whether it changed it, or why the precondition refused. */
export interface EndResult {
  changed: boolean;
  refused?: string;
}

/** The executor's writes, each compare-and-set with its audit event in one transaction. */
export interface SessionWrites {
  /**
   * Queues a stop by the platform's rules (lib/platform/sessions' `stopSession`): refused with a
   * conflict unless the session is in `onlyIn`; no command when a stop is already open.
   */
  requestStop(input: {
    sessionId: string;
    reason: TerminationReason;
    settings: PlatformSettings;
    actor: Actor;
    now: Date;
    onlyIn: SessionState[];
    attempt: number;
  }): Promise<{ command: { id: number } | undefined }>;
  /**
   * Queues a stop to the agent of an ended session it still reports (the row is not changed);
   * `refused` when the session is not ended or the precondition no longer holds; no command when
   * a stop is already open.
   */
  requestStopOfEnded(input: {
    sessionId: string;
    settings: PlatformSettings;
    actor: Actor;
    now: Date;
    attempt: number;
    precondition?: Precondition;
  }): Promise<{ command: { id: number } | undefined; refused?: string }>;
  /** Terminated now (through terminating), open commands withdrawn, `auditAction` recorded. */
  terminateNow(input: {
    sessionId: string;
    reason: TerminationReason;
    actor: Actor;
    now: Date;
    auditAction: string;
    details?: Record<string, unknown>;
    precondition?: Precondition;
  }): Promise<EndResult>;
  /** Failed now if still in one of `expected`, open commands withdrawn. */
  failNow(input: {
    sessionId: string;
    expected: SessionState[];
    reason: TerminationReason;
    actor: Actor;
    now: Date;
    details?: Record<string, unknown>;
    precondition?: Precondition;
  }): Promise<EndResult>;
  getState(sessionId: string): Promise<SessionState | undefined>;
  /** The `resources.deleted` audit event of the objects an action deleted. */
  recordDeletion(input: {
    actor: Actor;
    sessionId: string;
    now: Date;
    details: Record<string, unknown>;
  }): Promise<void>;
  /** An audit event of what became of objects in quarantine: quarantined, restored, deleted after. */
  recordObjectEvent(input: {
    actor: Actor;
    sessionId: string;
    now: Date;
    action: ObjectAuditAction;
    details: Record<string, unknown>;
  }): Promise<void>;
  /** The `reconcile.action_failed` audit event of an action (or a one-click fix) that failed. */
  recordFailure(input: {
    actor: Actor;
    sessionId: string;
    now: Date;
    details: Record<string, unknown>;
  }): Promise<void>;
}

/** The audit events of the quarantine's steps. */
export type ObjectAuditAction = "object.quarantined" | "object.restored" | "object.deleted_after_quarantine";

/** Everything a pass (and a one-click fix) needs from storage. */
export interface ReconcileStore {
  runs: RunStore;
  lease: LeaseStore;
  observed: ObserveStore;
  budget: BudgetStore;
  retention: RetentionStore;
  sessions: SessionWrites;
}
