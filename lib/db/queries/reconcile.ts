import {
  and,
  asc,
  count,
  desc,
  eq,
  gt,
  gte,
  inArray,
  lt,
  notInArray,
  or,
  sql,
  type AnyColumn,
  type SQL,
} from "drizzle-orm";
import type { RunSortKey } from "@/lib/dashboard/list-queries";
import type { SortDirection } from "@/lib/dashboard/table-query";
import { finalStates } from "@/lib/sessions/state-machine";
import type { Database } from "../client";
import {
  agentCommands,
  auditEvents,
  reconcileLease,
  reconcileRuns,
  sessions,
  type ReconcileRunRow,
  type ReconcileRunStatus,
  type ReconcileTrigger,
} from "../schema";

const LEASE = "reconcile";

/**
 * Takes the reconcile lease for `holder` if it is free or expired: one atomic upsert, so of any
 * number of concurrent callers exactly one gets it. Survives a crashed holder by expiry.
 */
export async function acquireReconcileLease(
  db: Database,
  input: { holder: string; now: Date; ttlSeconds: number },
): Promise<boolean> {
  const expiresAt = new Date(input.now.getTime() + input.ttlSeconds * 1000);
  const rows = await db
    .insert(reconcileLease)
    .values({ name: LEASE, holder: input.holder, acquiredAt: input.now, expiresAt })
    .onConflictDoUpdate({
      target: reconcileLease.name,
      set: { holder: input.holder, acquiredAt: input.now, expiresAt },
      setWhere: lt(reconcileLease.expiresAt, input.now),
    })
    .returning({ holder: reconcileLease.holder });
  return rows[0]?.holder === input.holder;
}

/**
 * Extends the lease of `holder` to `now + ttlSeconds` if it still holds it unexpired; false when
 * it was lost (expired and perhaps taken by another pass).
 */
export async function renewReconcileLease(
  db: Database,
  input: { holder: string; now: Date; ttlSeconds: number },
): Promise<boolean> {
  const rows = await db
    .update(reconcileLease)
    .set({ expiresAt: new Date(input.now.getTime() + input.ttlSeconds * 1000) })
    .where(
      and(
        eq(reconcileLease.name, LEASE),
        eq(reconcileLease.holder, input.holder),
        gt(reconcileLease.expiresAt, input.now),
      ),
    )
    .returning({ holder: reconcileLease.holder });
  return rows.length === 1;
}

/**
 * Whether `holder` still holds the lease at `now`: the fencing check before every effect. Inside a
 * transaction the lease row is share-locked, so nobody takes it over until that transaction ends.
 */
export async function holdsReconcileLease(db: Database, input: { holder: string; now: Date }) {
  const rows = await db
    .select({ holder: reconcileLease.holder })
    .from(reconcileLease)
    .where(
      and(
        eq(reconcileLease.name, LEASE),
        eq(reconcileLease.holder, input.holder),
        gt(reconcileLease.expiresAt, input.now),
      ),
    )
    .for("share");
  return rows.length === 1;
}

/** Gives the lease back (only if `holder` still has it). */
export async function releaseReconcileLease(db: Database, holder: string): Promise<void> {
  await db
    .delete(reconcileLease)
    .where(and(eq(reconcileLease.name, LEASE), eq(reconcileLease.holder, holder)));
}

/** Runs left `running` by a process that died are closed as failed, so history never lies. */
export async function closeAbandonedRuns(db: Database, input: { olderThan: Date; now: Date }): Promise<void> {
  await db
    .update(reconcileRuns)
    .set({
      status: "failed",
      finishedAt: input.now,
      error: "abandoned: the process running it stopped before it finished",
    })
    .where(and(eq(reconcileRuns.status, "running"), lt(reconcileRuns.startedAt, input.olderThan)));
}

export async function insertRun(
  db: Database,
  values: {
    trigger: ReconcileTrigger;
    actorId: string;
    dryRun: boolean;
    status: ReconcileRunStatus;
    startedAt: Date;
  },
): Promise<number> {
  const [row] = await db.insert(reconcileRuns).values(values).returning({ id: reconcileRuns.id });
  return row!.id;
}

export async function finishRun(
  db: Database,
  id: number,
  values: Partial<Omit<ReconcileRunRow, "id" | "trigger" | "actorId" | "startedAt">>,
): Promise<void> {
  await db.update(reconcileRuns).set(values).where(eq(reconcileRuns.id, id));
}

export async function getRun(db: Database, id: number): Promise<ReconcileRunRow | undefined> {
  const [row] = await db.select().from(reconcileRuns).where(eq(reconcileRuns.id, id)).limit(1);
  return row;
}

const runSortColumns: Record<RunSortKey, AnyColumn> = {
  started: reconcileRuns.id,
  trigger: reconcileRuns.trigger,
  status: reconcileRuns.status,
  planned: reconcileRuns.plannedCount,
  failed: reconcileRuns.failedCount,
  duration: reconcileRuns.durationMs,
};

/** Skipped runs (the lease was taken) and paused ones (automation paused): one a minute, no decision. */
const withoutSkipped = (includeSkipped: boolean) =>
  includeSkipped ? undefined : notInArray(reconcileRuns.status, ["skipped", "paused"]);

/**
 * One page of runs, without their (possibly large) plan and outcomes: newest first unless `sort`
 * says otherwise; ties (and a run still without a duration, last) keep the id order, so a page
 * boundary never splits or repeats a run.
 */
export async function listRuns(
  db: Database,
  input: { limit: number; offset?: number; includeSkipped: boolean; sort?: RunSortKey; dir?: SortDirection },
) {
  const order = (input.dir ?? "desc") === "asc" ? asc : desc;
  const orderBy: SQL[] =
    input.sort && input.sort !== "started"
      ? [sql`${order(runSortColumns[input.sort])} nulls last`, order(reconcileRuns.id)]
      : [order(reconcileRuns.id)];
  return db
    .select({
      id: reconcileRuns.id,
      trigger: reconcileRuns.trigger,
      actorId: reconcileRuns.actorId,
      dryRun: reconcileRuns.dryRun,
      status: reconcileRuns.status,
      startedAt: reconcileRuns.startedAt,
      durationMs: reconcileRuns.durationMs,
      driftCounts: reconcileRuns.driftCounts,
      plannedCount: reconcileRuns.plannedCount,
      appliedCount: reconcileRuns.appliedCount,
      failedCount: reconcileRuns.failedCount,
      error: reconcileRuns.error,
    })
    .from(reconcileRuns)
    .where(withoutSkipped(input.includeSkipped))
    .orderBy(...orderBy)
    .limit(input.limit)
    .offset(input.offset ?? 0);
}

/** How many runs {@link listRuns} pages through. */
export async function countRuns(db: Database, input: { includeSkipped: boolean }): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(reconcileRuns)
    .where(withoutSkipped(input.includeSkipped));
  return row?.n ?? 0;
}

/**
 * The last pass that decided anything (not a dry run, not skipped, not still running), for the
 * header every page shows: when it was `blocked`, destructive actions wait for a human.
 */
export async function getLastDecidingRun(db: Database) {
  const [row] = await db
    .select({
      id: reconcileRuns.id,
      status: reconcileRuns.status,
      trigger: reconcileRuns.trigger,
      startedAt: reconcileRuns.startedAt,
      finishedAt: reconcileRuns.finishedAt,
      error: reconcileRuns.error,
    })
    .from(reconcileRuns)
    .where(
      and(
        eq(reconcileRuns.dryRun, false),
        notInArray(reconcileRuns.status, ["skipped", "running", "dry_run", "paused"]),
      ),
    )
    .orderBy(desc(reconcileRuns.id))
    .limit(1);
  return row;
}

/**
 * When the automation last acted and will next: the start of the last loop pass (any status; a
 * skipped one still marks the loop's beat) and the end of the last pass that succeeded.
 */
export async function getAutomationTimes(db: Database) {
  const [loop] = await db
    .select({ startedAt: reconcileRuns.startedAt })
    .from(reconcileRuns)
    .where(eq(reconcileRuns.trigger, "loop"))
    .orderBy(desc(reconcileRuns.id))
    .limit(1);
  const [succeeded] = await db
    .select({
      id: reconcileRuns.id,
      finishedAt: reconcileRuns.finishedAt,
      startedAt: reconcileRuns.startedAt,
    })
    .from(reconcileRuns)
    .where(and(eq(reconcileRuns.dryRun, false), eq(reconcileRuns.status, "succeeded")))
    .orderBy(desc(reconcileRuns.id))
    .limit(1);
  return {
    lastLoopStartedAt: loop?.startedAt ?? null,
    lastSucceeded: succeeded ? { id: succeeded.id, at: succeeded.finishedAt ?? succeeded.startedAt } : null,
  };
}

/**
 * What the planner needs from the database: sessions not yet ended, plus ended ones whose objects
 * are still in the cluster (`withObjects`) — or exactly the sessions `ids` — and each terminating
 * session's stop history.
 */
export async function loadPlanSessions(db: Database, input: { withObjects: string[]; ids?: string[] }) {
  const columns = {
    id: sessions.id,
    state: sessions.state,
    stateChangedAt: sessions.stateChangedAt,
    agentId: sessions.agentId,
    namespace: sessions.namespace,
    cluster: sessions.cluster,
  };
  const byIds = async (ids: string[]) => {
    const found = [];
    for (let i = 0; i < ids.length; i += 1000) {
      found.push(
        ...(await db
          .select(columns)
          .from(sessions)
          .where(inArray(sessions.id, ids.slice(i, i + 1000)))),
      );
    }
    return found;
  };
  let rows;
  if (input.ids) {
    rows = await byIds(input.ids);
  } else {
    // Active sessions, then the ended ones whose objects remain (looked up only if not returned).
    rows = await db
      .select(columns)
      .from(sessions)
      .where(notInArray(sessions.state, [...finalStates]));
    const seen = new Set(rows.map((r) => r.id));
    rows.push(...(await byIds(input.withObjects.filter((id) => !seen.has(id)))));
  }
  const ended = rows.filter((r) => finalStates.includes(r.state)).map((r) => r.id);
  const stops = await db
    .select({
      sessionId: agentCommands.sessionId,
      attempts: sql<number>`count(*)::int`,
      open: sql<boolean>`bool_or(${agentCommands.status} in ('pending', 'dispatched'))`,
      lastAttemptAt: sql<Date | null>`max(${agentCommands.createdAt})`,
      lastError: sql<
        string | null
      >`(array_agg(${agentCommands.error} order by ${agentCommands.createdAt} desc) filter (where ${agentCommands.status} in ('failed', 'expired')))[1]`,
    })
    .from(agentCommands)
    .innerJoin(sessions, eq(sessions.id, agentCommands.sessionId))
    .where(
      and(
        eq(agentCommands.type, "stop_session"),
        // Terminating sessions' stops; of the ended ones loaded (objects left, or still reported
        // by their agent) only the stops queued after they ended (ended-but-running's own).
        ended.length > 0
          ? or(
              eq(sessions.state, "terminating"),
              and(inArray(sessions.id, ended), gt(agentCommands.createdAt, sessions.stateChangedAt)),
            )
          : eq(sessions.state, "terminating"),
      ),
    )
    .groupBy(agentCommands.sessionId);
  const stopHistory = new Map(
    stops.map((s) => [
      s.sessionId,
      {
        open: Boolean(s.open),
        attempts: Number(s.attempts),
        lastAttemptAt: s.lastAttemptAt ? new Date(s.lastAttemptAt) : null,
        lastError: s.lastError ?? null,
      },
    ]),
  );
  return { sessions: rows, stopHistory };
}

/**
 * The destructive work automation did since `since`: objects deleted and sessions ended by the
 * reconciler and the cron trigger (people's clicks are theirs to decide), from the audit log.
 */
export async function countAutomatedDestruction(db: Database, input: { since: Date }): Promise<number> {
  const [row] = await db
    .select({
      n: sql<number>`coalesce(sum(case when ${auditEvents.action} = 'resources.deleted'
        then jsonb_array_length(coalesce(${auditEvents.details}->'objects', '[]'::jsonb)) else 1 end), 0)::int`,
    })
    .from(auditEvents)
    .where(
      and(
        gt(auditEvents.occurredAt, input.since),
        inArray(auditEvents.actorType, ["reconciler", "cron"]),
        inArray(auditEvents.action, [
          "resources.deleted",
          "session.force_terminated",
          "session.agent_lost_terminated",
          "session.failed",
        ]),
      ),
    );
  return Number(row?.n ?? 0);
}

/** One run that acted on one session, with that session's outcomes only (never the whole plan). */
export interface SessionRun {
  id: number;
  trigger: ReconcileTrigger;
  status: ReconcileRunStatus;
  startedAt: Date;
  outcomes: { type?: string; status?: string; detail?: string; error?: string }[];
}

/**
 * The runs (not dry runs) whose plan held an action on `sessionId`, since `since` (the session's
 * creation: no run before it can have acted on it), newest first, at most `limit`. The start-time
 * index bounds the scan; each plan is tested with jsonb containment in the database.
 */
export async function listSessionRuns(
  db: Database,
  input: { sessionId: string; since: Date; limit: number },
): Promise<SessionRun[]> {
  const rows = await db
    .select({
      id: reconcileRuns.id,
      trigger: reconcileRuns.trigger,
      status: reconcileRuns.status,
      startedAt: reconcileRuns.startedAt,
      outcomes: sql<
        SessionRun["outcomes"] | null
      >`(select jsonb_agg(o) from jsonb_array_elements(${reconcileRuns.outcomes}) o where o->>'sessionId' = ${input.sessionId})`,
    })
    .from(reconcileRuns)
    .where(
      and(
        eq(reconcileRuns.dryRun, false),
        gte(reconcileRuns.startedAt, input.since),
        sql`${reconcileRuns.plan} @> ${JSON.stringify([{ sessionId: input.sessionId }])}::jsonb`,
      ),
    )
    .orderBy(desc(reconcileRuns.id))
    .limit(input.limit);
  return rows.map((r) => ({ ...r, outcomes: r.outcomes ?? [] }));
}
