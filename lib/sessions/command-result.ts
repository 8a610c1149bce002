import type { CommandType } from "@/lib/db/schema";
import type { SessionState, TransitionRequest } from "./state-machine";

/** Where each command's report takes the session, and from which state only. */
const outcomes: Record<
  CommandType,
  Record<"completed" | "failed", { from: SessionState; request: TransitionRequest } | undefined>
> = {
  start_session: {
    completed: { from: "pending", request: { to: "running" } },
    failed: { from: "pending", request: { to: "failed", reason: "start_failed" } },
  },
  stop_session: {
    completed: { from: "terminating", request: { to: "terminated" } },
    // A failed stop leaves the session terminating: the reconciler retries the stop.
    failed: undefined,
  },
};

/**
 * What an agent's report of a command means for its session: start completed → running, start
 * failed → failed (`start_failed`), stop completed → terminated; nothing otherwise. Only while
 * the session is still where the command left it: a start that completes after the session was
 * stopped must not revive it.
 */
export function deriveCommandResultTransition(input: {
  commandType: CommandType;
  status: "completed" | "failed";
  sessionState: SessionState;
}): TransitionRequest | undefined {
  const outcome = outcomes[input.commandType][input.status];
  return outcome && input.sessionState === outcome.from ? outcome.request : undefined;
}
