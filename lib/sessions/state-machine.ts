/**
 * The session state machine: one table of allowed transitions, and the pure checks built on it.
 *
 *   pending → running ⇄ hibernated
 *   pending | running | hibernated → terminating → terminated
 *   pending → failed, running → failed (its resources vanished)
 *
 * Every write of a state is compare-and-set on the state read before (see lib/db/queries), so a
 * replayed or racing write finds the state changed and does nothing.
 */

export const sessionStates = [
  "pending",
  "running",
  "hibernated",
  "terminating",
  "terminated",
  "failed",
] as const;
export type SessionState = (typeof sessionStates)[number];

/** Why a session ended (terminated or failed). */
export const terminationReasons = [
  "user_requested",
  "admin_forced",
  "agent_disconnected",
  "agent_unavailable",
  "stuck_timeout",
  "resources_missing",
  "start_failed",
] as const;
export type TerminationReason = (typeof terminationReasons)[number];

const transitions: Record<SessionState, readonly SessionState[]> = {
  pending: ["running", "terminating", "failed"],
  running: ["hibernated", "terminating", "failed"],
  hibernated: ["running", "terminating"],
  terminating: ["terminated"],
  terminated: [],
  failed: [],
};

/** States a session never leaves. */
export const finalStates: readonly SessionState[] = ["terminated", "failed"];

/** Whether `state` is final (terminated or failed). */
export function isFinalState(state: SessionState): boolean {
  return finalStates.includes(state);
}

/** Whether the table allows `from → to`. */
export function canTransition(from: SessionState, to: SessionState): boolean {
  return transitions[from].includes(to);
}

/** The states from which `to` may be reached: the `WHERE state IN (…)` of a compare-and-set. */
export function deriveSourceStates(to: SessionState): SessionState[] {
  return sessionStates.filter((from) => canTransition(from, to));
}

/** A refused transition; the message says which and why. */
export class InvalidTransitionError extends Error {
  override name = "InvalidTransitionError";
  constructor(
    readonly sessionId: string,
    readonly from: SessionState,
    readonly to: SessionState,
  ) {
    super(
      isFinalState(from)
        ? `session ${sessionId} is already ${from}; it cannot become ${to}`
        : `session ${sessionId} cannot go from ${from} to ${to} (allowed: ${transitions[from].join(", ") || "none"})`,
    );
  }
}

/** A transition request, checked against the table before any write. */
export interface TransitionRequest {
  to: SessionState;
  /** Required when `to` is terminating, terminated or failed; refused otherwise. */
  reason?: TerminationReason;
}

/**
 * Checks a transition and returns what the row must look like after it, or throws an
 * {@link InvalidTransitionError}. Pure: `now` is passed in.
 */
export function planTransition(
  session: { id: string; state: SessionState; terminationReason: TerminationReason | null },
  request: TransitionRequest,
  now: Date,
): {
  state: SessionState;
  stateChangedAt: Date;
  terminationReason: TerminationReason | null;
  terminatedAt: Date | null;
} {
  if (!canTransition(session.state, request.to)) {
    throw new InvalidTransitionError(session.id, session.state, request.to);
  }
  const ending = request.to === "terminating" || isFinalState(request.to);
  if (ending && !request.reason && !(request.to === "terminated" && session.terminationReason)) {
    throw new Error(`a reason is required to make session ${session.id} ${request.to}`);
  }
  if (!ending && request.reason) {
    throw new Error(`a reason only applies when a session ends, not when it becomes ${request.to}`);
  }
  return {
    state: request.to,
    stateChangedAt: now,
    // terminating → terminated keeps the reason given when termination began, unless overridden.
    terminationReason: ending ? (request.reason ?? session.terminationReason) : null,
    terminatedAt: isFinalState(request.to) ? now : null,
  };
}
