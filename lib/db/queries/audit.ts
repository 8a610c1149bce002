import { and, asc, count, desc, eq, gte, like, lte, max, sql, type AnyColumn, type SQL } from "drizzle-orm";
import type { AuditSortKey } from "@/lib/dashboard/list-queries";
import type { SortDirection } from "@/lib/dashboard/table-query";
import type { Database } from "../client";
import { auditEvents, type ActorType, type AuditEventRow } from "../schema";

/** Who is acting: written on every audit event. */
export interface Actor {
  type: ActorType;
  id: string;
}

/** Appends an audit event; pass the transaction of the change it records. */
export async function recordAudit(
  tx: Database,
  event: {
    actor: Actor;
    action: string;
    sessionId?: string;
    agentId?: string;
    details?: Record<string, unknown>;
    now: Date;
  },
): Promise<void> {
  await tx.insert(auditEvents).values({
    occurredAt: event.now,
    actorType: event.actor.type,
    actorId: event.actor.id,
    action: event.action,
    sessionId: event.sessionId ?? null,
    agentId: event.agentId ?? null,
    details: event.details ?? {},
  });
}

/** A session's audit trail, oldest first. */
export async function listSessionAudit(db: Database, sessionId: string) {
  return db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.sessionId, sessionId))
    .orderBy(asc(auditEvents.id))
    .limit(500);
}

export interface AuditFilter {
  actorType?: ActorType;
  actorId?: string;
  /** Exact action, or a prefix ending in `*` (`session.*`). */
  action?: string;
  sessionId?: string;
  since?: Date;
  until?: Date;
  /** Only events up to this id: an export pages through the log as it stood when it began. */
  throughId?: number;
}

function auditConditions(filter: AuditFilter): SQL | undefined {
  const conditions: SQL[] = [];
  if (filter.actorType) conditions.push(eq(auditEvents.actorType, filter.actorType));
  if (filter.actorId) conditions.push(eq(auditEvents.actorId, filter.actorId));
  if (filter.action) {
    conditions.push(
      filter.action.endsWith("*")
        ? like(auditEvents.action, `${filter.action.slice(0, -1).replace(/[%_\\]/g, "\\$&")}%`)
        : eq(auditEvents.action, filter.action),
    );
  }
  if (filter.sessionId) conditions.push(eq(auditEvents.sessionId, filter.sessionId));
  if (filter.since) conditions.push(gte(auditEvents.occurredAt, filter.since));
  if (filter.until) conditions.push(lte(auditEvents.occurredAt, filter.until));
  if (filter.throughId !== undefined) conditions.push(lte(auditEvents.id, filter.throughId));
  return conditions.length ? and(...conditions) : undefined;
}

const auditSortColumns: Record<AuditSortKey, AnyColumn[]> = {
  time: [],
  actor: [auditEvents.actorType, auditEvents.actorId],
  action: [auditEvents.action],
  session: [auditEvents.sessionId],
  agent: [auditEvents.agentId],
};

/**
 * Audit events, filtered; one page. Newest first unless `sort` says otherwise; within a sorted
 * column the id order (`dir` again) breaks ties, and events without a session or agent come last.
 */
export async function listAudit(
  db: Database,
  filter: AuditFilter & { limit: number; offset?: number; sort?: AuditSortKey; dir?: SortDirection },
): Promise<AuditEventRow[]> {
  const order = (filter.dir ?? "desc") === "asc" ? asc : desc;
  const columns = auditSortColumns[filter.sort ?? "time"];
  return db
    .select()
    .from(auditEvents)
    .where(auditConditions(filter))
    .orderBy(...columns.map((c) => sql`${order(c)} nulls last`), order(auditEvents.id))
    .limit(filter.limit)
    .offset(filter.offset ?? 0);
}

/** How many events {@link listAudit} pages through for `filter`. */
export async function countAudit(db: Database, filter: AuditFilter): Promise<number> {
  const [row] = await db.select({ n: count() }).from(auditEvents).where(auditConditions(filter));
  return row?.n ?? 0;
}

/** The id of the newest audit event (0 when there is none): where an export's snapshot ends. */
export async function getLatestAuditId(db: Database): Promise<number> {
  const [row] = await db.select({ id: max(auditEvents.id) }).from(auditEvents);
  return row?.id ?? 0;
}
