import { bigserial, index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Who did something: a signed-in user, an agent, the reconciler loop, the cron trigger, or the
 * system itself (migrations, start-up).
 */
export const actorTypes = ["user", "agent", "reconciler", "cron", "system"] as const;
export type ActorType = (typeof actorTypes)[number];

/** Append-only record of every state change and admin action; written in the change's transaction. */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull().defaultNow(),
    actorType: text("actor_type", { enum: actorTypes }).notNull(),
    actorId: text("actor_id").notNull(),
    action: text("action").notNull(),
    sessionId: text("session_id"),
    agentId: text("agent_id"),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    index("audit_events_occurred_at_idx").on(t.occurredAt),
    index("audit_events_session_idx").on(t.sessionId, t.occurredAt),
    index("audit_events_agent_idx").on(t.agentId, t.occurredAt),
  ],
);
