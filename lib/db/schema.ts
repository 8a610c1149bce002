import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { userRoles, type UserRole } from "@/lib/auth/roles";
import { sessionStates, terminationReasons } from "@/lib/sessions/state-machine";

const timestamptz = (name: string) => timestamp(name, { withTimezone: true });

/**
 * Who did something: a signed-in user (or someone not signed in, for denials), an agent, the reconciler loop, the cron trigger, the
 * platform (through its service token), or the system itself.
 */
export const actorTypes = ["user", "anonymous", "agent", "reconciler", "cron", "platform", "system"] as const;
export type ActorType = (typeof actorTypes)[number];

export const agentApprovalStatuses = ["pending", "approved", "rejected"] as const;
export type AgentApprovalStatus = (typeof agentApprovalStatuses)[number];

export const commandTypes = ["start_session", "stop_session"] as const;
export type CommandType = (typeof commandTypes)[number];

export const commandStatuses = ["pending", "dispatched", "completed", "failed", "expired"] as const;
export type CommandStatus = (typeof commandStatuses)[number];

/** A process in the cluster that turns commands into Kubernetes objects. */
export const agents = pgTable("agents", {
  /** Chosen by the agent when it registers (a DNS-label-like name); stable across restarts. */
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  cluster: text("cluster").notNull(),
  approvalStatus: text("approval_status", { enum: agentApprovalStatuses }).notNull().default("pending"),
  /** Bumped by every registration; requests carrying an older epoch are refused. */
  epoch: integer("epoch").notNull().default(1),
  /** SHA-256 of the secret part of the current epoch's credential; null when revoked. */
  credentialHash: text("credential_hash"),
  registeredAt: timestamptz("registered_at").notNull().defaultNow(),
  lastHeartbeatAt: timestamptz("last_heartbeat_at"),
  /** Start of the current connection (first heartbeat after a disconnect or registration). */
  connectedAt: timestamptz("connected_at"),
  /** When the last connection was seen to end; null while connected. */
  disconnectedAt: timestamptz("disconnected_at"),
  /** Session ids the agent last said it runs. */
  inventory: jsonb("inventory").$type<string[]>().notNull().default([]),
  inventoryReportedAt: timestamptz("inventory_reported_at"),
  updatedAt: timestamptz("updated_at").notNull().defaultNow(),
});

/** What the platform wants to exist: one row per user session. */
export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull(),
    template: text("template").notNull(),
    namespace: text("namespace").notNull(),
    agentId: text("agent_id")
      .notNull()
      .references(() => agents.id),
    /** The cluster its objects live in: its agent's, when it was created (lib/config/clusters.ts). */
    cluster: text("cluster").notNull().default("local"),
    state: text("state", { enum: sessionStates }).notNull(),
    stateChangedAt: timestamptz("state_changed_at").notNull().defaultNow(),
    terminationReason: text("termination_reason", { enum: terminationReasons }),
    terminatedAt: timestamptz("terminated_at"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    index("sessions_state_changed_idx").on(t.state, t.stateChangedAt),
    index("sessions_agent_state_idx").on(t.agentId, t.state),
    index("sessions_created_idx").on(t.createdAt),
    index("sessions_cluster_state_idx").on(t.cluster, t.state),
  ],
);

/** Work queued for an agent; delivered by its heartbeat, finished by its report. */
export const agentCommands = pgTable(
  "agent_commands",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    agentId: text("agent_id")
      .notNull()
      .references(() => agents.id),
    sessionId: text("session_id")
      .notNull()
      .references(() => sessions.id),
    type: text("type", { enum: commandTypes }).notNull(),
    status: text("status", { enum: commandStatuses }).notNull().default("pending"),
    attempt: integer("attempt").notNull().default(1),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull().default({}),
    /** The agent epoch it was dispatched to; only that epoch may report its result. */
    dispatchedEpoch: integer("dispatched_epoch"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    dispatchedAt: timestamptz("dispatched_at"),
    finishedAt: timestamptz("finished_at"),
    error: text("error"),
  },
  (t) => [
    // At most one open command of a kind per session: retries and racing requests never pile up.
    uniqueIndex("agent_commands_one_open_per_session")
      .on(t.sessionId, t.type)
      .where(sql`${t.status} in ('pending', 'dispatched')`),
    index("agent_commands_agent_status_idx").on(t.agentId, t.status, t.id),
    index("agent_commands_session_idx").on(t.sessionId, t.id),
  ],
);

/** Append-only record of every state change and admin action; written in the change's transaction. */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    occurredAt: timestamptz("occurred_at").notNull().defaultNow(),
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

export const reconcileTriggers = ["cron", "loop", "ui", "cli", "admin"] as const;
export type ReconcileTrigger = (typeof reconcileTriggers)[number];

export const reconcileRunStatuses = [
  "running",
  "succeeded",
  "partial",
  "failed",
  "skipped",
  "blocked",
  "dry_run",
  "paused",
] as const;
export type ReconcileRunStatus = (typeof reconcileRunStatuses)[number];

/** A pass's findings the gauges report, beyond its drift counts. */
export interface RunFigures {
  /** Sessions whose agent's silence was not taken for its death (suspected our own outage). */
  heldForSilence: number;
  /** Objects of ours whose session has no row, by kind. */
  orphanedObjects: Record<string, number>;
  /** Quarantine (issue 12): objects of ours in quarantine, by kind (absent in runs before it). */
  quarantinedObjects?: Record<string, number>;
  /** Issue 16: the same per cluster, with its drift counts (absent in runs before it). */
  byCluster?: Record<
    string,
    {
      driftCounts: Record<string, number>;
      orphanedObjects: Record<string, number>;
      quarantinedObjects: Record<string, number>;
    }
  >;
}

/**
 * One reconciliation pass: who started it, what it observed and planned, what each action did.
 * `blocked`: the blast-radius limit stopped it before it acted; `skipped`: another run held the lease;
 * `paused`: an admin paused automation (/settings), so it did nothing.
 */
export const reconcileRuns = pgTable(
  "reconcile_runs",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    trigger: text("trigger", { enum: reconcileTriggers }).notNull(),
    actorId: text("actor_id").notNull(),
    dryRun: boolean("dry_run").notNull().default(false),
    status: text("status", { enum: reconcileRunStatuses }).notNull(),
    startedAt: timestamptz("started_at").notNull(),
    finishedAt: timestamptz("finished_at"),
    durationMs: integer("duration_ms"),
    /** Each observed kind's status at the start of the run. */
    kinds: jsonb("kinds").$type<Record<string, unknown>[]>().notNull().default([]),
    /** Drift found, by class (the chart of stuck and leaked sessions over time reads this). */
    driftCounts: jsonb("drift_counts").$type<Record<string, number>>().notNull().default({}),
    plan: jsonb("plan").$type<Record<string, unknown>[]>().notNull().default([]),
    outcomes: jsonb("outcomes").$type<Record<string, unknown>[]>().notNull().default([]),
    plannedCount: integer("planned_count").notNull().default(0),
    appliedCount: integer("applied_count").notNull().default(0),
    failedCount: integer("failed_count").notNull().default(0),
    error: text("error"),
    /**
     * What the gauges at /api/metrics report of this run, whichever replica is scraped (null on a
     * run that never planned: skipped, or failed before it observed).
     */
    figures: jsonb("figures").$type<RunFigures>(),
  },
  (t) => [index("reconcile_runs_started_idx").on(t.startedAt)],
);

/** Single flight across processes: the run that holds the lease acts; others answer "skipped". */
export const reconcileLease = pgTable("reconcile_lease", {
  name: text("name").primaryKey(),
  holder: text("holder").notNull(),
  acquiredAt: timestamptz("acquired_at").notNull(),
  expiresAt: timestamptz("expires_at").notNull(),
});

/**
 * This installation, one row created by the migration: its identity and its own liveness. Every
 * process that hears an agent, or runs a pass, records that it was alive; a gap longer than the
 * heartbeat timeout restarts `aliveSince`, so an outage of ours is never read as the agents' death.
 */
export const installation = pgTable("installation", {
  singleton: text("singleton").primaryKey().default("this"),
  /**
   * Who we are, born with the database: stamped on every object our agents create, so that an
   * empty or foreign database never takes another installation's live objects for orphans.
   */
  id: uuid("id").notNull().defaultRandom(),
  lastAliveAt: timestamptz("last_alive_at"),
  aliveSince: timestamptz("alive_since"),
  /** When old runs and audit events were last pruned (once a day, by whichever process first). */
  prunedAt: timestamptz("pruned_at"),
});

// Runtime settings (the /settings page, issue 12 items 5 and 6): one row, read by every pass.

/**
 * What admins changed at run time over the environment's defaults (lib/settings), and whether
 * automation is paused. One row; no row is no override and not paused. Every pass reads it at its
 * start, so every replica sees a change without a restart.
 */
export const runtimeSettings = pgTable("runtime_settings", {
  singleton: text("singleton").primaryKey().default("this"),
  /** `{ values: { ENV_KEY: number }, modes: { class: mode } }`: only the keys an admin set. */
  overrides: jsonb("overrides").$type<Record<string, unknown>>().notNull().default({}),
  /** Set while automation is paused: passes record a `paused` run and do nothing. */
  pausedAt: timestamptz("paused_at"),
  pausedBy: text("paused_by"),
  pauseReason: text("pause_reason"),
  updatedAt: timestamptz("updated_at"),
  updatedBy: text("updated_by"),
});

export type AgentRow = typeof agents.$inferSelect;
export type ReconcileRunRow = typeof reconcileRuns.$inferSelect;
export type RuntimeSettingsRow = typeof runtimeSettings.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;
export type AgentCommandRow = typeof agentCommands.$inferSelect;
export type AuditEventRow = typeof auditEvents.$inferSelect;
export type NewAuditEvent = typeof auditEvents.$inferInsert;

export { userRoles, type UserRole };

// The tables below belong to better-auth (sign-in, its sessions, linked accounts, verification
// values, rate-limit counters). Their TypeScript keys are the field names better-auth uses; the
// columns are ours. Only `role` is added: lib/auth/auth.ts declares it as an additional field.

/** A person who can sign in (email + password, single sign-on, or both). */
export const users = pgTable("users", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  email: text("email").notNull().unique(),
  emailVerified: boolean("email_verified").notNull().default(false),
  image: text("image"),
  role: text("role", { enum: userRoles }).notNull().default("none"),
  createdAt: timestamptz("created_at").notNull().defaultNow(),
  updatedAt: timestamptz("updated_at").notNull().defaultNow(),
});

/** A signed-in browser: the cookie carries `token`; deleting the row signs that browser out. */
export const userSessions = pgTable(
  "user_sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    token: text("token").notNull().unique(),
    expiresAt: timestamptz("expires_at").notNull(),
    ipAddress: text("ip_address"),
    userAgent: text("user_agent"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
  },
  (t) => [index("user_sessions_user_idx").on(t.userId)],
);

/** How a user signs in: `credential` (password hash, written by better-auth) or an OIDC provider. */
export const userAccounts = pgTable(
  "user_accounts",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    accountId: text("account_id").notNull(),
    providerId: text("provider_id").notNull(),
    accessToken: text("access_token"),
    refreshToken: text("refresh_token"),
    idToken: text("id_token"),
    accessTokenExpiresAt: timestamptz("access_token_expires_at"),
    refreshTokenExpiresAt: timestamptz("refresh_token_expires_at"),
    scope: text("scope"),
    password: text("password"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    index("user_accounts_user_idx").on(t.userId),
    uniqueIndex("user_accounts_provider_account_idx").on(t.providerId, t.accountId),
  ],
);

/** Short-lived values of sign-in flows (OIDC state). */
export const verifications = pgTable(
  "verifications",
  {
    id: text("id").primaryKey(),
    identifier: text("identifier").notNull(),
    value: text("value").notNull(),
    expiresAt: timestamptz("expires_at").notNull(),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
  },
  (t) => [index("verifications_identifier_idx").on(t.identifier)],
);

/** better-auth's rate-limit counters, shared by every replica. */
export const authRateLimits = pgTable("auth_rate_limits", {
  id: text("id").primaryKey(),
  key: text("key").notNull().unique(),
  count: integer("count").notNull(),
  lastRequest: bigint("last_request", { mode: "number" }).notNull(),
});

/**
 * Failed passwords and bearer tokens per key (an address, an identity a token claims), counted by
 * rate-limiter-flexible's PostgreSQL store (lib/db/failure-limiter.ts) so that every replica
 * counts them together. Its columns are the ones that store reads and writes; `expire` is epoch
 * milliseconds.
 */
export const authFailureCounts = pgTable(
  "auth_failure_counts",
  {
    key: text("key").primaryKey(),
    points: integer("points").notNull().default(0),
    expire: bigint("expire", { mode: "number" }),
  },
  (t) => [index("auth_failure_counts_expire_idx").on(t.expire)],
);

export type UserRow = typeof users.$inferSelect;

// Notifications (issue 12 item 7): outgoing webhooks and their delivery log. A delivery is a row
// before it is a request, so a process that dies mid-way loses nothing; the worker claims due
// rows with FOR UPDATE SKIP LOCKED (lib/db/queries/webhooks.ts), so replicas never send one twice
// at once.

export const webhookFormatValues = ["generic", "slack"] as const;
export const webhookDeliveryStatuses = ["pending", "delivered", "failed"] as const;
export type WebhookDeliveryStatus = (typeof webhookDeliveryStatuses)[number];

/** Where to POST which events, in which body format, signed with which secret. */
export const webhooks = pgTable("webhooks", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  url: text("url").notNull(),
  format: text("format", { enum: webhookFormatValues }).notNull(),
  /** The event types it receives (lib/notify/events.ts). */
  events: jsonb("events").$type<string[]>().notNull(),
  /**
   * The HMAC key, stored as is (it cannot be hashed: signing needs it; docs/security.md says why
   * not encrypted). Read only by the worker; no reader for a page selects it.
   */
  secret: text("secret").notNull(),
  enabled: boolean("enabled").notNull().default(true),
  createdBy: text("created_by").notNull(),
  createdAt: timestamptz("created_at").notNull().defaultNow(),
});

/** One event for one webhook: its body, and how its attempts went. */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: uuid("id").primaryKey(),
    webhookId: uuid("webhook_id")
      .notNull()
      .references(() => webhooks.id, { onDelete: "cascade" }),
    eventType: text("event_type").notNull(),
    /** Once per episode: `session.stuck:<id>:<stateChangedAt>` (lib/notify/events.ts deriveDedupeKey). */
    dedupeKey: text("dedupe_key").notNull(),
    /** The exact JSON sent (and signed) on every attempt. */
    body: text("body").notNull(),
    status: text("status", { enum: webhookDeliveryStatuses }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastStatusCode: integer("last_status_code"),
    lastError: text("last_error"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    lastAttemptAt: timestamptz("last_attempt_at"),
    /** Due for its next attempt (pending only); a claim moves it past the attempt's timeout. */
    nextAttemptAt: timestamptz("next_attempt_at"),
    deliveredAt: timestamptz("delivered_at"),
  },
  (t) => [
    uniqueIndex("webhook_deliveries_dedupe").on(t.webhookId, t.dedupeKey),
    index("webhook_deliveries_due_idx")
      .on(t.nextAttemptAt)
      .where(sql`${t.status} = 'pending'`),
    index("webhook_deliveries_created_idx").on(t.createdAt),
  ],
);

export type WebhookRow = typeof webhooks.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;
