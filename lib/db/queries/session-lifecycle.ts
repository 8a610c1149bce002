import { and, eq, inArray } from "drizzle-orm";
import { conflictError, notFoundError } from "@/lib/errors";
import { deriveCommandResultTransition } from "@/lib/sessions/command-result";
import { isFinalState, type TerminationReason } from "@/lib/sessions/state-machine";
import type { Database } from "../client";
import { agentCommands, type AgentCommandRow, type SessionRow } from "../schema";
import { recordAudit, type Actor } from "./audit";
import { enqueueCommand, finishCommand } from "./commands";
import { getSession, insertSession, lockSession, transitionSession } from "./sessions";

/** Creates a `pending` session and its `start_session` command, audited, in one transaction. */
export async function createSessionWithStart(
  db: Database,
  input: {
    session: {
      id: string;
      userId: string;
      template: string;
      namespace: string;
      agentId: string;
      cluster: string;
    };
    startPayload: Record<string, unknown>;
    actor: Actor;
    now: Date;
  },
): Promise<{ session: SessionRow; command: AgentCommandRow }> {
  return db.transaction(async (tx) => {
    const session = await insertSession(tx, { ...input.session, now: input.now });
    const command = await enqueueCommand(tx, {
      agentId: session.agentId,
      sessionId: session.id,
      type: "start_session",
      payload: input.startPayload,
      now: input.now,
    });
    await recordAudit(tx, {
      actor: input.actor,
      action: "session.created",
      sessionId: session.id,
      agentId: session.agentId,
      now: input.now,
      details: {
        userId: session.userId,
        template: session.template,
        namespace: session.namespace,
        commandId: command!.id,
      },
    });
    return { session, command: command! };
  });
}

/**
 * Asks for a session to stop: `terminating` with the reason and a `stop_session` command, audited,
 * in one transaction. Stopping a session that is already terminating queues the stop again only
 * when no stop is open (a retry); concurrent requests still produce one command. A pending start
 * that was never dispatched is withdrawn.
 */
export async function requestSessionStop(
  db: Database,
  input: {
    sessionId: string;
    reason: TerminationReason;
    stopPayload: Record<string, unknown>;
    actor: Actor;
    now: Date;
    /** Which attempt this stop is (the reconciler's retries count up). */
    attempt?: number;
  },
): Promise<{ session: SessionRow; command: AgentCommandRow | undefined; alreadyTerminating: boolean }> {
  return db.transaction(async (tx) => {
    const current = await lockSession(tx, input.sessionId);
    if (!current) throw notFoundError(`session ${input.sessionId} does not exist`);
    if (isFinalState(current.state)) {
      throw conflictError("already_final", `session ${input.sessionId} is already ${current.state}`, {
        state: current.state,
      });
    }
    const alreadyTerminating = current.state === "terminating";
    const session = alreadyTerminating
      ? current
      : await transitionSession(tx, {
          id: input.sessionId,
          request: { to: "terminating", reason: input.reason },
          now: input.now,
          actor: input.actor,
        });
    if (current.state === "pending") {
      // A start never dispatched is withdrawn, not left to run after the stop.
      await withdrawOpenCommands(
        tx,
        input.sessionId,
        input.now,
        "the session was stopped before it started",
        {
          type: "start_session",
          statuses: ["pending"],
        },
      );
    }
    const command = await enqueueCommand(tx, {
      agentId: session.agentId,
      sessionId: session.id,
      type: "stop_session",
      payload: input.stopPayload,
      attempt: input.attempt,
      now: input.now,
    });
    if (command) {
      await recordAudit(tx, {
        actor: input.actor,
        action: "command.queued",
        sessionId: session.id,
        agentId: session.agentId,
        now: input.now,
        details: {
          commandId: command.id,
          type: "stop_session",
          retry: alreadyTerminating,
          attempt: command.attempt,
        },
      });
    }
    return { session, command, alreadyTerminating };
  });
}

/**
 * Applies an agent's report of a command: the command's compare-and-set, then what it means for
 * the session ({@link deriveCommandResultTransition}), all audited in one transaction. A repeated
 * report changes nothing; so does the report of a command that was withdrawn or expired meanwhile
 * (`ignored` says why).
 */
export async function applyCommandResult(
  db: Database,
  input: {
    commandId: number;
    agentId: string;
    epoch: number;
    status: "completed" | "failed";
    error?: string;
    now: Date;
  },
): Promise<{
  command: AgentCommandRow;
  duplicate: boolean;
  ignored?: string;
  session: SessionRow | undefined;
}> {
  return db.transaction(async (tx) => {
    const { command, duplicate, ignored } = await finishCommand(tx, input);
    if (duplicate || ignored)
      return { command, duplicate, ignored, session: await getSession(tx, command.sessionId) };
    const actor: Actor = { type: "agent", id: input.agentId };
    await recordAudit(tx, {
      actor,
      action: `command.${input.status}`,
      sessionId: command.sessionId,
      agentId: input.agentId,
      now: input.now,
      details: {
        commandId: command.id,
        type: command.type,
        attempt: command.attempt,
        error: input.error ?? null,
      },
    });
    const session = await getSession(tx, command.sessionId);
    const request =
      session &&
      deriveCommandResultTransition({
        commandType: command.type,
        status: input.status,
        sessionState: session.state,
      });
    if (!session || !request) return { command, duplicate, session };
    const updated = await transitionSession(tx, {
      id: session.id,
      request,
      now: input.now,
      actor,
      details: { commandId: command.id },
    });
    return { command, duplicate, session: updated };
  });
}

/**
 * Withdraws (expires) a session's open commands — or only those of `only.type` in `only.statuses`
 * — so that nobody acts on them: when the session ends, or a start is overtaken by a stop.
 */
async function withdrawOpenCommands(
  tx: Database,
  sessionId: string,
  now: Date,
  why: string,
  only: { type?: AgentCommandRow["type"]; statuses?: ("pending" | "dispatched")[] } = {},
): Promise<number> {
  const withdrawn = await tx
    .update(agentCommands)
    .set({ status: "expired", finishedAt: now, error: `withdrawn: ${why}` })
    .where(
      and(
        eq(agentCommands.sessionId, sessionId),
        inArray(agentCommands.status, only.statuses ?? ["pending", "dispatched"]),
        only.type ? eq(agentCommands.type, only.type) : undefined,
      ),
    )
    .returning({ id: agentCommands.id });
  return withdrawn.length;
}

/**
 * A check made inside the writing transaction, with the session row locked: why the write must not
 * happen after all, or undefined to go ahead. The rule is the caller's (the reconciler's evidence).
 */
export type Precondition = (tx: Database, current: SessionRow) => Promise<string | undefined>;

/** Ending one session: which, why, by whom, when; what must still hold in its transaction. */
interface EndSessionInput {
  sessionId: string;
  reason: TerminationReason;
  actor: Actor;
  now: Date;
  details?: Record<string, unknown>;
  precondition?: Precondition;
}

/** `changed: false` when the session had already moved on, or `refused` says what no longer held. */
type EndSessionResult = { changed: boolean; session: SessionRow; refused?: string };

/**
 * Ends a session now without its agent: through `terminating` if it is not there yet, then
 * `terminated` with `reason`; its open commands are withdrawn; `auditAction` (for example
 * `session.force_terminated`) records who and why — all in one transaction. A session that has
 * already ended is left alone (`changed: false`).
 */
export async function terminateSessionNow(
  db: Database,
  input: EndSessionInput & { auditAction: string },
): Promise<EndSessionResult> {
  return db.transaction(async (tx) => {
    const current = await lockSession(tx, input.sessionId);
    if (!current) throw notFoundError(`session ${input.sessionId} does not exist`);
    if (isFinalState(current.state)) return { changed: false, session: current };
    const refused = await input.precondition?.(tx, current);
    if (refused) return { changed: false, session: current, refused };
    if (current.state !== "terminating") {
      await transitionSession(tx, {
        id: current.id,
        request: { to: "terminating", reason: input.reason },
        now: input.now,
        actor: input.actor,
      });
    }
    const session = await transitionSession(tx, {
      id: current.id,
      request: { to: "terminated", reason: input.reason },
      now: input.now,
      actor: input.actor,
      details: input.details,
    });
    const withdrawn = await withdrawOpenCommands(
      tx,
      current.id,
      input.now,
      `session ended by ${input.actor.type} ${input.actor.id}`,
    );
    await recordAudit(tx, {
      actor: input.actor,
      action: input.auditAction,
      sessionId: current.id,
      agentId: current.agentId,
      now: input.now,
      details: { from: current.state, reason: input.reason, withdrawnCommands: withdrawn, ...input.details },
    });
    return { changed: true, session };
  });
}

/**
 * Marks a session failed with `reason` if it is still in one of `expected` (compare-and-set on the
 * state read under lock), withdrawing its open commands; otherwise leaves it (`changed: false`).
 */
export async function failSessionNow(
  db: Database,
  input: EndSessionInput & { expected: SessionRow["state"][] },
): Promise<EndSessionResult> {
  return db.transaction(async (tx) => {
    const current = await lockSession(tx, input.sessionId);
    if (!current) throw notFoundError(`session ${input.sessionId} does not exist`);
    if (!input.expected.includes(current.state)) return { changed: false, session: current };
    const refused = await input.precondition?.(tx, current);
    if (refused) return { changed: false, session: current, refused };
    const session = await transitionSession(tx, {
      id: current.id,
      request: { to: "failed", reason: input.reason },
      now: input.now,
      actor: input.actor,
      details: input.details,
    });
    await withdrawOpenCommands(tx, current.id, input.now, `session failed (${input.reason})`);
    return { changed: true, session };
  });
}

/**
 * Queues a stop to the agent of a session that has already ended (terminated or failed) but that
 * its agent still reports running: the row stays as it is; the command's result changes no state
 * (see deriveCommandResultTransition). In one transaction with the session locked: refused when
 * the session is not ended or the precondition (the reconciler's fence and evidence) no longer
 * holds; no command when a stop is already open (the unique index of open commands).
 */
export async function queueStopOfEndedSession(
  db: Database,
  input: {
    sessionId: string;
    stopPayload: Record<string, unknown>;
    actor: Actor;
    now: Date;
    attempt: number;
    precondition?: Precondition;
  },
): Promise<{ command: AgentCommandRow | undefined; refused?: string }> {
  return db.transaction(async (tx) => {
    const current = await lockSession(tx, input.sessionId);
    if (!current) throw notFoundError(`session ${input.sessionId} does not exist`);
    if (!isFinalState(current.state))
      return { command: undefined, refused: `session is ${current.state}, not ended` };
    const refused = await input.precondition?.(tx, current);
    if (refused) return { command: undefined, refused };
    const command = await enqueueCommand(tx, {
      agentId: current.agentId,
      sessionId: current.id,
      type: "stop_session",
      payload: input.stopPayload,
      attempt: input.attempt,
      now: input.now,
    });
    if (command)
      await recordAudit(tx, {
        actor: input.actor,
        action: "command.queued",
        sessionId: current.id,
        agentId: current.agentId,
        now: input.now,
        details: {
          commandId: command.id,
          type: "stop_session",
          attempt: command.attempt,
          endedButRunning: true,
          state: current.state,
        },
      });
    return { command };
  });
}
