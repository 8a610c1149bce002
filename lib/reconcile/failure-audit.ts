import type { Actor } from "@/lib/db/queries/audit";
import { redactErrorMessage } from "@/lib/errors";
import { log } from "@/lib/log/logger";
import type { SessionWrites } from "./store";

/** The audit action of an action (or a one-click fix) that failed with an error. */
export const actionFailedAudit = "reconcile.action_failed";

/** An error's first line, redacted as logged errors are (never a failed query's parameters). */
export function describeFailure(error: unknown): string {
  const message = error instanceof Error ? redactErrorMessage(error) : String(error);
  return message.split("\n")[0]!;
}

/**
 * Records one failure event; answers whether it was. Never throws: the database may be what
 * failed, and a failed outcome must stay an outcome — so a failure to record it is logged instead.
 */
export async function auditFailure(
  store: Pick<SessionWrites, "recordFailure">,
  input: { actor: Actor; sessionId: string; now: Date; details: Record<string, unknown> },
): Promise<boolean> {
  try {
    await store.recordFailure(input);
    return true;
  } catch (error) {
    log.error("could not audit a failed action", {
      sessionId: input.sessionId,
      failure: input.details.error,
      error,
    });
    return false;
  }
}
