import { and, desc, eq, gte, inArray, lt, notInArray, or, sql, type SQL } from "drizzle-orm";
import { conflictError, notFoundError } from "@/lib/errors";
import {
  deriveSourceStates,
  finalStates,
  planTransition,
  type SessionState,
  type TransitionRequest,
} from "@/lib/sessions/state-machine";
import type { Database } from "../client";
import { sessions, type SessionRow } from "../schema";
import { recordAudit, type Actor } from "./audit";

/** One session, or undefined. */
export async function getSession(db: Database, id: string): Promise<SessionRow | undefined> {
  const [row] = await db.select().from(sessions).where(eq(sessions.id, id)).limit(1);
  return row;
}

/** Reads a session and locks its row until the transaction ends: concurrent writers queue up. */
export async function lockSession(tx: Database, id: string): Promise<SessionRow | undefined> {
  const [row] = await tx.select().from(sessions).where(eq(sessions.id, id)).for("update").limit(1);
  return row;
}

export interface SessionListFilter {
  state?: SessionState;
  agentId?: string;
  limit: number;
  /** Keyset cursor from a previous page: sessions created before it. */
  cursor?: { createdAt: Date; id: string };
}

/** Sessions, newest first, one page at a time. */
export async function listSessions(db: Database, filter: SessionListFilter): Promise<SessionRow[]> {
  const conditions: SQL[] = [];
  if (filter.state) conditions.push(eq(sessions.state, filter.state));
  if (filter.agentId) conditions.push(eq(sessions.agentId, filter.agentId));
  if (filter.cursor) {
    const { createdAt, id } = filter.cursor;
    conditions.push(
      or(lt(sessions.createdAt, createdAt), and(eq(sessions.createdAt, createdAt), lt(sessions.id, id)))!,
    );
  }
  return db
    .select()
    .from(sessions)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(sessions.createdAt), desc(sessions.id))
    .limit(filter.limit);
}

/**
 * Moves a session to `request.to` if the transition table allows it from the state it is in now,
 * with a compare-and-set on that state and the audit event in the same transaction. Throws
 * InvalidTransitionError for a refused transition, and a conflict when another writer changed the
 * session between the read and the write. Pass a transaction when other writes belong with it.
 */
export async function transitionSession(
  tx: Database,
  input: {
    id: string;
    request: TransitionRequest;
    now: Date;
    actor: Actor;
    details?: Record<string, unknown>;
  },
): Promise<SessionRow> {
  const current = await getSession(tx, input.id);
  if (!current) throw notFoundError(`session ${input.id} does not exist`);
  const next = planTransition(current, input.request, input.now);
  const [updated] = await tx
    .update(sessions)
    .set({ ...next, updatedAt: input.now })
    .where(
      and(
        eq(sessions.id, input.id),
        eq(sessions.state, current.state),
        inArray(sessions.state, deriveSourceStates(input.request.to)),
      ),
    )
    .returning();
  if (!updated) {
    throw conflictError(
      "state_changed",
      `session ${input.id} changed state while this request ran; try again`,
    );
  }
  await recordAudit(tx, {
    actor: input.actor,
    action: `session.${input.request.to}`,
    sessionId: input.id,
    agentId: current.agentId,
    now: input.now,
    details: { from: current.state, to: updated.state, reason: updated.terminationReason, ...input.details },
  });
  return updated;
}

/** Inserts a new `pending` session (its audit event is the caller's, with the start command). */
export async function insertSession(
  tx: Database,
  values: {
    id: string;
    userId: string;
    template: string;
    namespace: string;
    agentId: string;
    cluster: string;
    now: Date;
  },
): Promise<SessionRow> {
  const [row] = await tx
    .insert(sessions)
    .values({
      id: values.id,
      userId: values.userId,
      template: values.template,
      namespace: values.namespace,
      agentId: values.agentId,
      cluster: values.cluster,
      state: "pending",
      stateChangedAt: values.now,
      createdAt: values.now,
      updatedAt: values.now,
    })
    .returning();
  return row!;
}

const viewColumns = {
  id: sessions.id,
  userId: sessions.userId,
  namespace: sessions.namespace,
  agentId: sessions.agentId,
  cluster: sessions.cluster,
  state: sessions.state,
  stateChangedAt: sessions.stateChangedAt,
};

/**
 * The sessions the dashboard shows: every session not yet ended, those that ended after
 * `endedSince`, and any whose objects are still in the cluster (`withObjects`), whenever it ended.
 * Only the columns the table needs. The ids with objects are looked up only where the first query
 * did not already return them (usually a handful of leaked sessions, never a 10,000-id IN list).
 */
export async function listSessionsForView(db: Database, input: { endedSince: Date; withObjects: string[] }) {
  const rows = await db
    .select(viewColumns)
    .from(sessions)
    .where(or(notInArray(sessions.state, [...finalStates]), gte(sessions.stateChangedAt, input.endedSince)));
  const seen = new Set(rows.map((r) => r.id));
  const missing = input.withObjects.filter((id) => !seen.has(id));
  for (let i = 0; i < missing.length; i += 1000) {
    rows.push(
      ...(await db
        .select(viewColumns)
        .from(sessions)
        .where(inArray(sessions.id, missing.slice(i, i + 1000)))),
    );
  }
  return rows;
}

/** Number of sessions per agent that are not final (the load used to pick an agent). */
export async function countActiveSessionsByAgent(
  db: Database,
  agentIds: string[],
): Promise<Map<string, number>> {
  if (agentIds.length === 0) return new Map();
  const rows = await db
    .select({ agentId: sessions.agentId, count: sql<number>`count(*)::int` })
    .from(sessions)
    .where(and(inArray(sessions.agentId, agentIds), notInArray(sessions.state, [...finalStates])))
    .groupBy(sessions.agentId);
  const counts = new Map(agentIds.map((id) => [id, 0]));
  for (const row of rows) counts.set(row.agentId, Number(row.count));
  return counts;
}
