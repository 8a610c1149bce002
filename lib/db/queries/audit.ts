import { and, asc, desc, eq, gte, like, lt, lte, type SQL } from "drizzle-orm";
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
  /** Events older than this id (the next page). */
  beforeId?: number;
  limit: number;
}

/** Audit events, newest first, filtered; one page. */
export async function listAudit(db: Database, filter: AuditFilter): Promise<AuditEventRow[]> {
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
  if (filter.beforeId) conditions.push(lt(auditEvents.id, filter.beforeId));
  return db
    .select()
    .from(auditEvents)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(auditEvents.id))
    .limit(filter.limit);
}
