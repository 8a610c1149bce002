import type { Actor } from "@/lib/db/queries/audit";
import { conflictError, notFoundError } from "@/lib/errors";
import type { PlanSession, StopHistory } from "@/lib/reconcile/plan";
import type { ObservedAgent, Precondition, ReconcileStore, TransactionReads } from "@/lib/reconcile/store";
import { isFinalState, type SessionState } from "@/lib/sessions/state-machine";

// The reconciler's storage (lib/reconcile/store.ts) in memory, for the unit tests of run.ts and
// execute.ts: the same answers the real one gives for the same rows (compare-and-set on the state,
// the lease by expiry, a stop only when none is open), none of its SQL. The integration tests run
// the real one (lib/db/reconcile-store.ts) against PostgreSQL.

export interface MemoryRun {
  id: number;
  trigger: string;
  actorId: string;
  dryRun: boolean;
  status: string;
  startedAt: Date;
  finishedAt?: Date | null;
  error?: string | null;
  [field: string]: unknown;
}

export interface MemoryAudit {
  actor: Actor;
  action: string;
  sessionId: string;
  at: Date;
  details: Record<string, unknown>;
}

/** An approved agent of cluster `local` whose last heartbeat was at `lastHeartbeatAt`. */
export const memoryAgent = (id: string, lastHeartbeatAt: Date): ObservedAgent => ({
  id,
  cluster: "local",
  approvalStatus: "approved",
  lastHeartbeatAt,
  connectedAt: lastHeartbeatAt,
  disconnectedAt: null,
});

export function memoryReconcileStore(init: {
  installationId: string;
  sessions?: PlanSession[];
  agents?: ObservedAgent[];
  stopHistory?: Map<string, StopHistory>;
  aliveSince?: Date;
  /** Another pass's lease, held until `expiresAt`. */
  lease?: { holder: string; expiresAt: Date };
}) {
  const sessions = new Map((init.sessions ?? []).map((s) => [s.id, { ...s }]));
  const agents = new Map((init.agents ?? []).map((a) => [a.id, { ...a }]));
  const stopHistory = new Map(init.stopHistory ?? []);
  const runs = new Map<number, MemoryRun>();
  const audit: MemoryAudit[] = [];
  const commands: { id: number; sessionId: string; attempt: number }[] = [];
  const liveness = { aliveSince: init.aliveSince ?? null, lastAliveAt: null as Date | null };
  let lease = init.lease;
  let pruned = 0;
  /** Runs at the start of every writing transaction (a test's fault: the world moves just then). */
  let onTransaction: () => void = () => undefined;

  const holdsLease = (holder: string, now: Date) =>
    lease?.holder === holder && lease.expiresAt.getTime() > now.getTime();
  /** What preconditions read inside a writing transaction, in order ("holdsLease cli:x", …). */
  const transactionReads: string[] = [];
  const reads: TransactionReads = {
    readAgentLocked: async (id) => {
      transactionReads.push(`readAgentLocked ${id}`);
      return agents.get(id);
    },
    holdsLease: async (holder, now) => {
      transactionReads.push(`holdsLease ${holder}`);
      return holdsLease(holder, now);
    },
  };
  const locked = (sessionId: string) => {
    onTransaction();
    const current = sessions.get(sessionId);
    if (!current) throw notFoundError(`session ${sessionId} does not exist`);
    return current;
  };
  const end = async (
    sessionId: string,
    to: SessionState,
    may: (state: SessionState) => boolean,
    input: { actor: Actor; now: Date; auditAction: string; precondition?: Precondition; details?: object },
  ) => {
    const current = locked(sessionId);
    if (!may(current.state)) return { changed: false };
    const refused = await input.precondition?.(reads, { ...current });
    if (refused) return { changed: false, refused };
    const from = current.state;
    Object.assign(current, { state: to, stateChangedAt: input.now });
    audit.push({
      actor: input.actor,
      action: input.auditAction,
      sessionId,
      at: input.now,
      details: { from, ...input.details },
    });
    return { changed: true };
  };

  const store: ReconcileStore = {
    runs: {
      insert: async (values) => {
        const id = runs.size + 1;
        runs.set(id, { id, ...values });
        return id;
      },
      finish: async (id, values) => void Object.assign(runs.get(id)!, values),
      closeAbandoned: async ({ olderThan, now }) => {
        for (const run of runs.values())
          if (run.status === "running" && run.startedAt < olderThan)
            Object.assign(run, { status: "failed", finishedAt: now, error: "abandoned" });
      },
    },
    lease: {
      acquire: async ({ holder, now, ttlSeconds }) => {
        // As the upsert: taken only when free or expired, whoever holds it now.
        if (lease && lease.expiresAt.getTime() >= now.getTime()) return false;
        lease = { holder, expiresAt: new Date(now.getTime() + ttlSeconds * 1000) };
        return true;
      },
      renew: async ({ holder, now, ttlSeconds }) => {
        if (!holdsLease(holder, now)) return false;
        lease = { holder, expiresAt: new Date(now.getTime() + ttlSeconds * 1000) };
        return true;
      },
      holds: async ({ holder, now }) => holdsLease(holder, now),
      release: async (holder) => {
        if (lease?.holder === holder) lease = undefined;
      },
    },
    observed: {
      getInstallationId: async () => init.installationId,
      recordAlive: async ({ now }) => {
        liveness.aliveSince ??= now;
        liveness.lastAliveAt = now;
      },
      getLiveness: async () => ({ ...liveness }),
      loadPlanSessions: async ({ withObjects, ids }) => ({
        sessions: [...sessions.values()]
          .filter((s) => (ids ? ids.includes(s.id) : !isFinalState(s.state) || withObjects.includes(s.id)))
          .map((s) => ({ ...s })),
        stopHistory: new Map([...stopHistory].filter(([id]) => sessions.get(id)?.state === "terminating")),
      }),
      listAgents: async () => [...agents.values()].map((a) => ({ ...a })),
    },
    budget: {
      countAutomatedDestruction: async ({ since }) =>
        audit
          .filter((e) => e.at > since && (e.actor.type === "reconciler" || e.actor.type === "cron"))
          .reduce(
            (n, e) => n + (e.action === "resources.deleted" ? (e.details.objects as unknown[]).length : 1),
            0,
          ),
    },
    retention: {
      pruneOnceADay: async () => {
        pruned++;
        return null;
      },
    },
    sessions: {
      requestStop: async ({ sessionId, onlyIn, attempt, now, actor }) => {
        const session = sessions.get(sessionId);
        if (!session) throw notFoundError(`session ${sessionId} does not exist`);
        if (!onlyIn.includes(session.state))
          throw conflictError("state_changed", `session ${sessionId} is ${session.state} now`);
        if (stopHistory.get(sessionId)?.open) return { command: undefined };
        const command = { id: commands.length + 1, sessionId, attempt };
        commands.push(command);
        stopHistory.set(sessionId, { open: true, attempts: attempt, lastAttemptAt: now });
        audit.push({ actor, action: "command.queued", sessionId, at: now, details: { attempt } });
        return { command };
      },
      requestStopOfEnded: async ({ sessionId, attempt, now, actor, precondition }) => {
        const session = sessions.get(sessionId);
        if (!session) throw notFoundError(`session ${sessionId} does not exist`);
        if (!isFinalState(session.state))
          return { command: undefined, refused: `session is ${session.state}` };
        const refused = await precondition?.(reads, { ...session });
        if (refused) return { command: undefined, refused };
        if (stopHistory.get(sessionId)?.open) return { command: undefined };
        const command = { id: commands.length + 1, sessionId, attempt };
        commands.push(command);
        stopHistory.set(sessionId, { open: true, attempts: attempt, lastAttemptAt: now });
        audit.push({ actor, action: "command.queued", sessionId, at: now, details: { attempt } });
        return { command };
      },
      terminateNow: ({ sessionId, ...input }) =>
        end(sessionId, "terminated", (state) => !isFinalState(state), input),
      failNow: ({ sessionId, expected, ...input }) =>
        end(sessionId, "failed", (state) => expected.includes(state), {
          ...input,
          auditAction: "session.failed",
        }),
      getState: async (sessionId) => sessions.get(sessionId)?.state,
      recordDeletion: async ({ actor, sessionId, now, details }) =>
        void audit.push({ actor, action: "resources.deleted", sessionId, at: now, details }),
      recordObjectEvent: async ({ actor, sessionId, now, action, details }) =>
        void audit.push({ actor, action, sessionId, at: now, details }),
      recordFailure: async ({ actor, sessionId, now, details }) =>
        void audit.push({ actor, action: "reconcile.action_failed", sessionId, at: now, details }),
    },
  };

  return {
    store,
    /** What the store holds now, to assert on (and, for a fault, to change). */
    sessions,
    agents,
    runs,
    audit,
    commands,
    liveness,
    transactionReads,
    get lease() {
      return lease;
    },
    /** Another pass takes the lease over (ours expired meanwhile, say). */
    takeLeaseOver(holder: string, expiresAt: Date) {
      lease = { holder, expiresAt };
    },
    get pruned() {
      return pruned;
    },
    /** `fault` runs when the next writing transaction begins, once. */
    duringNextTransaction(fault: () => void) {
      onTransaction = () => {
        onTransaction = () => undefined;
        fault();
      };
    },
  };
}

export type MemoryReconcileStore = ReturnType<typeof memoryReconcileStore>;
