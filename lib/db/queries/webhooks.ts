import { and, count, desc, eq, inArray, lte, sql } from "drizzle-orm";
import { conflictError, notFoundError } from "@/lib/errors";
import { deriveWebhookBody } from "@/lib/notify/body";
import { deriveDedupeKey, type NotifyEvent } from "@/lib/notify/events";
import type { Database } from "../client";
import { webhookDeliveries, webhooks, type WebhookDeliveryStatus, type WebhookRow } from "../schema";
import { recordAudit, type Actor } from "./audit";

/** A webhook as pages see it: everything but the secret. */
export type WebhookView = Omit<WebhookRow, "secret">;

const viewColumns = {
  id: webhooks.id,
  name: webhooks.name,
  url: webhooks.url,
  format: webhooks.format,
  events: webhooks.events,
  enabled: webhooks.enabled,
  createdBy: webhooks.createdBy,
  createdAt: webhooks.createdAt,
};

/** Adds a webhook, audited as `webhook.created` (without the secret). Answers it without the secret. */
export async function createWebhook(
  db: Database,
  input: Pick<WebhookRow, "name" | "url" | "format" | "events" | "secret"> & { actor: Actor; now: Date },
): Promise<WebhookView> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(webhooks)
      .values({
        name: input.name,
        url: input.url,
        format: input.format,
        events: input.events,
        secret: input.secret,
        createdBy: input.actor.id,
        createdAt: input.now,
      })
      .returning(viewColumns);
    await recordAudit(tx, {
      actor: input.actor,
      action: "webhook.created",
      details: {
        webhookId: row!.id,
        name: row!.name,
        url: row!.url,
        format: row!.format,
        events: row!.events,
      },
      now: input.now,
    });
    return row!;
  });
}

/** Removes a webhook and its delivery log, audited as `webhook.deleted`. */
export async function deleteWebhook(
  db: Database,
  input: { id: string; actor: Actor; now: Date },
): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx.delete(webhooks).where(eq(webhooks.id, input.id)).returning(viewColumns);
    if (!row) throw notFoundError(`webhook ${input.id} does not exist`);
    await recordAudit(tx, {
      actor: input.actor,
      action: "webhook.deleted",
      details: { webhookId: row.id, name: row.name, url: row.url },
      now: input.now,
    });
  });
}

/**
 * Turns a webhook on or off (an explicit target state, never a toggle), audited as
 * `webhook.enabled` / `webhook.disabled` when it changed. While off, nothing new is enqueued for it
 * and its pending deliveries wait.
 */
export async function setWebhookEnabled(
  db: Database,
  input: { id: string; enabled: boolean; actor: Actor; now: Date },
): Promise<WebhookView> {
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select(viewColumns)
      .from(webhooks)
      .where(eq(webhooks.id, input.id))
      .for("update");
    if (!current) throw notFoundError(`webhook ${input.id} does not exist`);
    if (current.enabled === input.enabled) return current;
    const [row] = await tx
      .update(webhooks)
      .set({ enabled: input.enabled })
      .where(eq(webhooks.id, input.id))
      .returning(viewColumns);
    await recordAudit(tx, {
      actor: input.actor,
      action: input.enabled ? "webhook.enabled" : "webhook.disabled",
      details: { webhookId: row!.id, name: row!.name },
      now: input.now,
    });
    return row!;
  });
}

/** Every webhook, newest first, without secrets. */
export async function listWebhooks(db: Database): Promise<WebhookView[]> {
  return db.select(viewColumns).from(webhooks).orderBy(desc(webhooks.createdAt)).limit(200);
}

/** Who is sending: put in every body (lib/notify/body.ts). */
export interface SenderContext {
  installation: string;
  dashboardUrl?: string;
  now: Date;
}

/**
 * Enqueues `events` for every enabled webhook subscribed to their type (or, with `onlyWebhookId`,
 * for that one webhook whatever it subscribes to: the test). A delivery whose dedupe key that
 * webhook already has is not enqueued again. Pass the transaction of the change the event records
 * where there is one. Answers how many deliveries were enqueued.
 */
export async function enqueueDeliveries(
  db: Database,
  input: SenderContext & { events: readonly NotifyEvent[]; onlyWebhookId?: string },
): Promise<number> {
  if (input.events.length === 0) return 0;
  const targets = await db
    .select({ id: webhooks.id, format: webhooks.format, events: webhooks.events })
    .from(webhooks)
    .where(input.onlyWebhookId ? eq(webhooks.id, input.onlyWebhookId) : eq(webhooks.enabled, true));
  const rows = targets.flatMap((target) =>
    input.events
      .filter((event) => input.onlyWebhookId || target.events.includes(event.type))
      .map((event) => {
        const id = crypto.randomUUID();
        const body = deriveWebhookBody(event, target.format, {
          installation: input.installation,
          deliveryId: id,
          dashboardUrl: input.dashboardUrl,
        });
        return {
          id,
          webhookId: target.id,
          eventType: event.type,
          dedupeKey: deriveDedupeKey(event),
          body: JSON.stringify(body),
          createdAt: input.now,
          nextAttemptAt: input.now,
        };
      }),
  );
  if (rows.length === 0) return 0;
  const inserted = await db
    .insert(webhookDeliveries)
    .values(rows)
    .onConflictDoNothing({ target: [webhookDeliveries.webhookId, webhookDeliveries.dedupeKey] })
    .returning({ id: webhookDeliveries.id });
  return inserted.length;
}

/** A delivery claimed for one attempt, with what sending it needs. */
export interface ClaimedDelivery {
  id: string;
  webhookId: string;
  eventType: string;
  body: string;
  /** This attempt's number (1 = first); the result is recorded only for it. */
  attempt: number;
  url: string;
  secret: string;
}

/**
 * Claims up to `limit` due deliveries of enabled webhooks for one attempt each: `FOR UPDATE SKIP
 * LOCKED`, so replicas claim different rows; the attempt is counted and the row made due again
 * only after `claimSeconds` (longer than a request's timeout) in the same statement's transaction,
 * so a worker that dies mid-request leaves it to be retried, never lost and never sent twice at once.
 */
export async function claimDueDeliveries(
  db: Database,
  input: { now: Date; limit: number; claimSeconds: number },
): Promise<ClaimedDelivery[]> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
      .where(
        and(
          eq(webhookDeliveries.status, "pending"),
          lte(webhookDeliveries.nextAttemptAt, input.now),
          eq(webhooks.enabled, true),
        ),
      )
      .orderBy(webhookDeliveries.nextAttemptAt)
      .limit(input.limit)
      .for("update", { of: webhookDeliveries, skipLocked: true });
    if (due.length === 0) return [];
    const claimed = await tx
      .update(webhookDeliveries)
      .set({
        attempts: sql`${webhookDeliveries.attempts} + 1`,
        lastAttemptAt: input.now,
        nextAttemptAt: new Date(input.now.getTime() + input.claimSeconds * 1000),
      })
      .where(
        inArray(
          webhookDeliveries.id,
          due.map((d) => d.id),
        ),
      )
      .returning({
        id: webhookDeliveries.id,
        webhookId: webhookDeliveries.webhookId,
        eventType: webhookDeliveries.eventType,
        body: webhookDeliveries.body,
        attempt: webhookDeliveries.attempts,
      });
    const secrets = await tx
      .select({ id: webhooks.id, url: webhooks.url, secret: webhooks.secret })
      .from(webhooks)
      .where(
        inArray(
          webhooks.id,
          claimed.map((c) => c.webhookId),
        ),
      );
    const byId = new Map(secrets.map((s) => [s.id, s]));
    return claimed.map((c) => ({
      ...c,
      url: byId.get(c.webhookId)!.url,
      secret: byId.get(c.webhookId)!.secret,
    }));
  });
}

/**
 * Records how attempt `attempt` of a delivery went: delivered, due again at `nextAttemptAt`, or
 * failed for good (`nextAttemptAt` null). Only for the attempt that was claimed: a late answer of
 * an attempt someone else has since retried changes nothing.
 */
export async function recordDeliveryAttempt(
  db: Database,
  input: {
    id: string;
    attempt: number;
    delivered: boolean;
    statusCode: number | null;
    error: string | null;
    nextAttemptAt: Date | null;
    now: Date;
  },
): Promise<boolean> {
  const status: WebhookDeliveryStatus = input.delivered
    ? "delivered"
    : input.nextAttemptAt
      ? "pending"
      : "failed";
  const updated = await db
    .update(webhookDeliveries)
    .set({
      status,
      lastStatusCode: input.statusCode,
      lastError: input.error,
      nextAttemptAt: status === "pending" ? input.nextAttemptAt : null,
      deliveredAt: input.delivered ? input.now : null,
    })
    .where(
      and(
        eq(webhookDeliveries.id, input.id),
        eq(webhookDeliveries.attempts, input.attempt),
        eq(webhookDeliveries.status, "pending"),
      ),
    )
    .returning({ id: webhookDeliveries.id });
  return updated.length === 1;
}

/** One page of the delivery log, newest first, with the webhook's name (the body is not shown). */
export async function listWebhookDeliveries(
  db: Database,
  input: { page: number; size: number; webhookId?: string },
) {
  const where = input.webhookId ? eq(webhookDeliveries.webhookId, input.webhookId) : undefined;
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: webhookDeliveries.id,
        webhookId: webhookDeliveries.webhookId,
        webhookName: webhooks.name,
        eventType: webhookDeliveries.eventType,
        status: webhookDeliveries.status,
        attempts: webhookDeliveries.attempts,
        lastStatusCode: webhookDeliveries.lastStatusCode,
        lastError: webhookDeliveries.lastError,
        createdAt: webhookDeliveries.createdAt,
        lastAttemptAt: webhookDeliveries.lastAttemptAt,
        nextAttemptAt: webhookDeliveries.nextAttemptAt,
        deliveredAt: webhookDeliveries.deliveredAt,
      })
      .from(webhookDeliveries)
      .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
      .where(where)
      .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
      .limit(input.size)
      .offset((input.page - 1) * input.size),
    db.select({ n: count() }).from(webhookDeliveries).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

/**
 * Enqueues a `webhook.test` delivery for one enabled webhook ("Send test"), audited as
 * `webhook.test_sent` in the same transaction. Answers the delivery count (1).
 */
export async function enqueueTestDelivery(
  db: Database,
  input: Omit<SenderContext, "now"> & { webhookId: string; actor: Actor; now: Date },
): Promise<number> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select(viewColumns)
      .from(webhooks)
      .where(eq(webhooks.id, input.webhookId))
      .for("update");
    if (!row) throw notFoundError(`webhook ${input.webhookId} does not exist`);
    if (!row.enabled)
      throw conflictError("webhook_disabled", `webhook ${row.name} is off; turn it on to test it`);
    const testId = crypto.randomUUID();
    const enqueued = await enqueueDeliveries(tx, {
      installation: input.installation,
      dashboardUrl: input.dashboardUrl,
      now: input.now,
      onlyWebhookId: row.id,
      events: [
        { type: "webhook.test", occurredAt: input.now.toISOString(), actorId: input.actor.id, testId },
      ],
    });
    await recordAudit(tx, {
      actor: input.actor,
      action: "webhook.test_sent",
      details: { webhookId: row.id, name: row.name },
      now: input.now,
    });
    return enqueued;
  });
}
