import type {
  Precondition as StorePrecondition,
  ReconcileStore,
  TransactionReads,
} from "@/lib/reconcile/store";
import type { Database } from "./client";
import { listAgents, readAgentLocked } from "./queries/agents";
import { recordAudit } from "./queries/audit";
import { getInstallationId, getLiveness, recordAlive } from "./queries/installation";
import {
  acquireReconcileLease,
  closeAbandonedRuns,
  countAutomatedDestruction,
  finishRun,
  holdsReconcileLease,
  insertRun,
  loadPlanSessions,
  releaseReconcileLease,
  renewReconcileLease,
} from "./queries/reconcile";
import { pruneOnceADay } from "./queries/retention";
import { failSessionNow, terminateSessionNow, type Precondition } from "./queries/session-lifecycle";
import { getSession } from "./queries/sessions";

/** What a precondition reads in the writing transaction `tx`: the same queries, on `tx`. */
const transactionReads = (tx: Database): TransactionReads => ({
  readAgentLocked: (agentId) => readAgentLocked(tx, agentId),
  holdsLease: (holder, now) => holdsReconcileLease(tx, { holder, now }),
});

/** The reconciler's precondition, run in the writing transaction on what it may read there. */
const inTransaction = (precondition: StorePrecondition | undefined): Precondition | undefined =>
  precondition && ((tx, current) => precondition(transactionReads(tx), current));

/**
 * The reconciler's storage ({@link ReconcileStore}) over `db`: each method one of the queries of
 * lib/db/queries, so the SQL, the locks and the transactions are theirs. A stop goes through the
 * platform's own rules, which the caller hands in (`requestStop`: lib/platform/sessions'
 * stopSession on the same `db`, and `requestStopOfEnded`, its stopEndedSession; lib/reconcile/server.ts wires them) — lib/db imports no domain room.
 */
export function reconcileStore(
  db: Database,
  requestStop: ReconcileStore["sessions"]["requestStop"],
  /** The platform's stop of an ended session (lib/platform/sessions' stopEndedSession), on `db`. */
  requestStopOfEnded: (
    input: Omit<Parameters<ReconcileStore["sessions"]["requestStopOfEnded"]>[0], "precondition"> & {
      precondition?: Precondition;
    },
  ) => ReturnType<ReconcileStore["sessions"]["requestStopOfEnded"]>,
): ReconcileStore {
  return {
    runs: {
      insert: (values) => insertRun(db, values),
      finish: (id, values) => finishRun(db, id, values),
      closeAbandoned: (input) => closeAbandonedRuns(db, input),
    },
    lease: {
      acquire: (input) => acquireReconcileLease(db, input),
      renew: (input) => renewReconcileLease(db, input),
      holds: (input) => holdsReconcileLease(db, input),
      release: (holder) => releaseReconcileLease(db, holder),
    },
    observed: {
      getInstallationId: () => getInstallationId(db),
      recordAlive: (input) => recordAlive(db, input),
      getLiveness: () => getLiveness(db),
      loadPlanSessions: (input) => loadPlanSessions(db, input),
      listAgents: () => listAgents(db),
    },
    budget: { countAutomatedDestruction: (input) => countAutomatedDestruction(db, input) },
    retention: { pruneOnceADay: (input) => pruneOnceADay(db, input) },
    sessions: {
      requestStop,
      requestStopOfEnded: ({ precondition, ...input }) =>
        requestStopOfEnded({ ...input, precondition: inTransaction(precondition) }),
      terminateNow: ({ precondition, ...input }) =>
        terminateSessionNow(db, { ...input, precondition: inTransaction(precondition) }),
      failNow: ({ precondition, ...input }) =>
        failSessionNow(db, { ...input, precondition: inTransaction(precondition) }),
      getState: async (sessionId) => (await getSession(db, sessionId))?.state,
      recordDeletion: (input) => recordAudit(db, { ...input, action: "resources.deleted" }),
      recordObjectEvent: (input) => recordAudit(db, input),
      recordFailure: (input) => recordAudit(db, { ...input, action: "reconcile.action_failed" }),
    },
  };
}
