import { asc, eq } from "drizzle-orm";
import type { Database } from "../client";
import { auditEvents, type ActorType } from "../schema";

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
