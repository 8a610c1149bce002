import { and, asc, eq, exists, inArray, lt, ne, or, sql } from "drizzle-orm";
import { conflictError, notFoundError } from "@/lib/errors";
import type { Database } from "../client";
import {
  agentCommands,
  agents,
  sessions,
  type AgentCommandRow,
  type AgentRow,
  type CommandType,
} from "../schema";
import { stillApprovedAndHeldBy } from "./agents";
import { recordAudit, type Actor } from "./audit";

/** The session state in which a command of each type is still wanted (so a retry makes sense). */
const wantedWhile: Record<CommandType, "pending" | "terminating"> = {
  start_session: "pending",
  stop_session: "terminating",
};

/**
 * Queues a command unless the session already has an open one of that type (the partial unique
 * index decides, so racing requests produce exactly one). Returns the new row, or undefined.
 */
export async function enqueueCommand(
  tx: Database,
  values: {
    agentId: string;
    sessionId: string;
    type: CommandType;
    payload: Record<string, unknown>;
    attempt?: number;
    now: Date;
  },
): Promise<AgentCommandRow | undefined> {
  const [row] = await tx
    .insert(agentCommands)
    .values({
      agentId: values.agentId,
      sessionId: values.sessionId,
      type: values.type,
      payload: values.payload,
      attempt: values.attempt ?? 1,
      createdAt: values.now,
    })
    .onConflictDoNothing()
    .returning();
  return row;
}

/** The open (pending or dispatched) command of a type for a session, if any. */
export async function getOpenCommand(db: Database, sessionId: string, type: CommandType) {
  const [row] = await db
    .select()
    .from(agentCommands)
    .where(
      and(
        eq(agentCommands.sessionId, sessionId),
        eq(agentCommands.type, type),
        inArray(agentCommands.status, ["pending", "dispatched"]),
      ),
    )
    .limit(1);
  return row;
}

/** Every command of a session, oldest first. */
export async function listSessionCommands(db: Database, sessionId: string): Promise<AgentCommandRow[]> {
  return db
    .select()
    .from(agentCommands)
    .where(eq(agentCommands.sessionId, sessionId))
    .orderBy(asc(agentCommands.id));
}

/**
 * Hands the agent's pending commands to its current epoch (pending → dispatched), oldest first.
 * `SKIP LOCKED` keeps two overlapping heartbeats from taking the same command.
 */
export async function dispatchPendingCommands(
  db: Database,
  input: { agent: Pick<AgentRow, "id" | "epoch" | "credentialHash">; now: Date; limit: number },
): Promise<AgentCommandRow[]> {
  const agentId = input.agent.id;
  const oldestPending = db
    .select({ id: agentCommands.id })
    .from(agentCommands)
    .where(and(eq(agentCommands.agentId, agentId), eq(agentCommands.status, "pending")))
    .orderBy(asc(agentCommands.id))
    .limit(input.limit)
    .for("update", { skipLocked: true });
  const rows = await db
    .update(agentCommands)
    .set({ status: "dispatched", dispatchedEpoch: input.agent.epoch, dispatchedAt: input.now })
    .where(
      and(
        inArray(agentCommands.id, oldestPending),
        eq(agentCommands.status, "pending"),
        // Nothing goes to an agent revoked, rejected or replaced since it authenticated.
        exists(
          db
            .select({ one: sql`1` })
            .from(agents)
            .where(stillApprovedAndHeldBy(input.agent)),
        ),
      ),
    )
    .returning();
  return rows.sort((a, b) => a.id - b.id);
}

/**
 * Expires dispatched commands that will never be reported: those past the dispatch timeout, and
 * those dispatched to an older epoch of the agent (that process is gone; its reports are refused).
 * Each expired command whose session still wants it is queued again as the next attempt, up to
 * `maxAttempts`, in the same transaction: a command is never lost and never doubled.
 */
export async function expireUnreportedCommands(
  db: Database,
  input: {
    agentId: string;
    currentEpoch: number;
    now: Date;
    dispatchTimeoutSeconds: number;
    maxAttempts: number;
    actor: Actor;
  },
): Promise<{ expired: number; requeued: number }> {
  const cutoff = new Date(input.now.getTime() - input.dispatchTimeoutSeconds * 1000);
  return db.transaction(async (tx) => {
    const expired = await tx
      .update(agentCommands)
      .set({
        status: "expired",
        finishedAt: input.now,
        error: "no result reported in time (dispatch timeout or agent replaced)",
      })
      .where(
        and(
          eq(agentCommands.agentId, input.agentId),
          eq(agentCommands.status, "dispatched"),
          or(lt(agentCommands.dispatchedAt, cutoff), ne(agentCommands.dispatchedEpoch, input.currentEpoch)),
        ),
      )
      .returning();
    let requeued = 0;
    for (const command of expired) {
      const [session] = await tx.select().from(sessions).where(eq(sessions.id, command.sessionId)).limit(1);
      const wanted = session?.state === wantedWhile[command.type] && command.attempt < input.maxAttempts;
      const retry = wanted
        ? await enqueueCommand(tx, {
            agentId: session.agentId,
            sessionId: command.sessionId,
            type: command.type,
            payload: command.payload,
            attempt: command.attempt + 1,
            now: input.now,
          })
        : undefined;
      if (retry) requeued++;
      await recordAudit(tx, {
        actor: input.actor,
        action: "command.expired",
        sessionId: command.sessionId,
        agentId: command.agentId,
        now: input.now,
        details: {
          commandId: command.id,
          type: command.type,
          attempt: command.attempt,
          retryCommandId: retry?.id ?? null,
        },
      });
    }
    return { expired: expired.length, requeued };
  });
}

/**
 * Records a command's result with a compare-and-set on `dispatched` and the epoch it was
 * dispatched to. A repeat of the same result is reported as a duplicate and changes nothing;
 * anything else that does not fit is a conflict that changes nothing.
 */
export async function finishCommand(
  tx: Database,
  input: {
    commandId: number;
    agentId: string;
    epoch: number;
    status: "completed" | "failed";
    error?: string;
    now: Date;
  },
): Promise<{ command: AgentCommandRow; duplicate: boolean; ignored?: string }> {
  const [updated] = await tx
    .update(agentCommands)
    .set({ status: input.status, finishedAt: input.now, error: input.error ?? null })
    .where(
      and(
        eq(agentCommands.id, input.commandId),
        eq(agentCommands.agentId, input.agentId),
        eq(agentCommands.status, "dispatched"),
        eq(agentCommands.dispatchedEpoch, input.epoch),
      ),
    )
    .returning();
  if (updated) return { command: updated, duplicate: false };

  const [existing] = await tx
    .select()
    .from(agentCommands)
    .where(eq(agentCommands.id, input.commandId))
    .limit(1);
  if (!existing || existing.agentId !== input.agentId) {
    throw notFoundError(`command ${input.commandId} does not exist for agent ${input.agentId}`);
  }
  if (existing.status === input.status && existing.dispatchedEpoch === input.epoch) {
    return { command: existing, duplicate: true };
  }
  if (existing.status === "expired" && existing.dispatchedEpoch === input.epoch) {
    // Withdrawn (its session was ended meanwhile) or timed out and asked again: the agent did its
    // part, nothing is left to record. Answered as a no-op the agent accepts, never a conflict.
    return { command: existing, duplicate: false, ignored: existing.error ?? "the command expired" };
  }
  if (existing.status === "pending") {
    throw conflictError("not_dispatched", `command ${input.commandId} has not been dispatched yet`);
  }
  if (existing.dispatchedEpoch !== input.epoch) {
    throw conflictError(
      "stale_epoch",
      `command ${input.commandId} was dispatched to epoch ${existing.dispatchedEpoch}, not ${input.epoch}`,
    );
  }
  throw conflictError("already_finished", `command ${input.commandId} is already ${existing.status}`, {
    status: existing.status,
  });
}
