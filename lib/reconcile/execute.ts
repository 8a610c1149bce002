import "server-only";
import type { Actor } from "@/lib/db/queries/audit";
import { DomainError } from "@/lib/errors";
import { describeClusterError } from "@/lib/k8s/cluster-status";
import type { DeleteResult } from "@/lib/k8s/delete-object";
import type { MarksPatch, PatchResult } from "@/lib/k8s/patch-object";
import { describeObjectRef as describeRef } from "@/lib/k8s/model/object-ref";
import type { PlatformSettings } from "@/lib/platform/settings";
import { InvalidTransitionError } from "@/lib/sessions/state-machine";
import { evidenceStillHolds } from "./evidence";
import { quarantineAll, restoreAll, type PatchedAll } from "./execute-quarantine";
import { auditFailure, describeFailure } from "./failure-audit";
import { LeaseLostError } from "./lease";
import { createLimiter, type Limiter } from "./limiter";
import type { Precondition, SessionWrites, TransactionReads } from "./store";
import type { Action, ObjectRef } from "./types";

/** What the executor needs, narrowed to that: the session writes, one delete, a clock, who acts. */
export interface ExecuteDeps {
  store: SessionWrites;
  deleteObject: (ref: ObjectRef) => Promise<DeleteResult>;
  /** Scales and marks one object (quarantine, restore); without it those actions fail, saying so. */
  patchObject?: (ref: ObjectRef, patch: MarksPatch) => Promise<PatchResult>;
  clock: () => Date;
  actor: Actor;
  settings: PlatformSettings;
  concurrency: number;
  /**
   * Throws LeaseLostError when this pass no longer holds the lease: asked before every effect,
   * and inside the transaction of every write that ends a session.
   */
  fence?: (tx?: TransactionReads) => Promise<void>;
  /**
   * Bounds the API calls in flight across the pass's actions (executePlan makes one of
   * `concurrency` slots); without it (a one-click fix) an action's calls are not bounded.
   */
  apiCallSlots?: Limiter;
  /** No action starts after this moment (the pass deadline). */
  deadline?: Date;
  /** The pass's run, named in the audit event of a failed action; none for a one-click fix. */
  runId?: number;
}

export interface ActionOutcome {
  type: Action["type"];
  sessionId: string;
  /** applied: it did what it said; skipped: the state had changed, nothing to do; failed: an error. */
  status: "applied" | "skipped" | "failed";
  detail: string;
  deleted: ObjectRef[];
  error?: string;
}

/**
 * Deletes each object (NotFound is done) and audits what went; answers the objects left alone
 * because their name now holds another object. The deletes of one action go at once (each fenced
 * just before it leaves, in one of the pass's API call slots): a session's two or three objects
 * one after the other held the pass to a fraction of the API server's rate. A failure does not
 * keep the other objects alive; it is thrown once every delete has answered and the deletions are
 * audited.
 */
async function deleteAll(
  action: Action & { objects: ObjectRef[] },
  deps: ExecuteDeps,
  deleted: ObjectRef[],
): Promise<string[]> {
  const failures: string[] = [];
  const replaced: string[] = [];
  let leaseLost: LeaseLostError | undefined;
  const slot = deps.apiCallSlots ?? ((call) => call());
  await Promise.all(
    action.objects.map((ref) =>
      slot(async () => {
        try {
          await deps.fence?.();
          // Already gone (NotFound) is done, and not ours to report as a deletion; a conflict means
          // the name now holds a newer object (another uid), or the object's content moved past the
          // version the plan pinned: either way not what the plan saw, left alone.
          const result = await deps.deleteObject(ref);
          if (result === "deleted") deleted.push(ref);
          if (result === "conflict") replaced.push(describeRef(ref));
        } catch (error) {
          if (error instanceof LeaseLostError) leaseLost = error;
          else failures.push(`${describeRef(ref)}: ${describeClusterError(error)}`);
        }
      }),
    ),
  );
  // In the plan's order, whatever order the deletes answered in: audits read the same each time.
  deleted.sort((a, b) => action.objects.indexOf(a) - action.objects.indexOf(b));
  if (deleted.length > 0) {
    await deps.store.recordDeletion({
      actor: deps.actor,
      sessionId: action.sessionId,
      now: deps.clock(),
      details: { objects: deleted, driftClass: action.driftClass, actionType: action.type },
    });
    if (action.type === "delete-objects" && action.afterQuarantine)
      await deps.store.recordObjectEvent({
        actor: deps.actor,
        sessionId: action.sessionId,
        now: deps.clock(),
        action: "object.deleted_after_quarantine",
        details: { objects: deleted, driftClass: action.driftClass, why: action.reason },
      });
  }
  if (leaseLost) throw leaseLost;
  if (failures.length > 0) throw new Error(`could not delete ${failures.join("; ")}`);
  return replaced;
}

/** What one action's handler is given: its deps, what it deleted so far, and how to answer. */
interface ActionContext {
  deps: ExecuteDeps;
  deleted: ObjectRef[];
  outcome: (status: ActionOutcome["status"], detail: string, error?: string) => ActionOutcome;
  /** Checked in the writing transaction: the lease is still ours and the evidence still holds. */
  precondition: Precondition;
  details: { action: Action["type"]; driftClass: Action["driftClass"]; why: string };
}

type ActionOf<T extends Action["type"]> = Extract<Action, { type: T }>;

const replacedNote = (replaced: string[]) =>
  replaced.length
    ? `; left alone (not as the plan saw it: replaced or changed since): ${replaced.join(", ")}`
    : "";

/** In the writing transaction: this pass still holds the lease, and the evidence still holds. */
function preconditionFor(action: Action, deps: ExecuteDeps): Precondition {
  const evidence =
    "evidence" in action && action.evidence
      ? evidenceStillHolds(action.evidence, {
          now: deps.clock,
          heartbeatTimeoutSeconds: deps.settings.heartbeatTimeoutSeconds,
        })
      : undefined;
  return async (tx, current) => {
    try {
      await deps.fence?.(tx);
    } catch (error) {
      if (error instanceof LeaseLostError) return error.message;
      throw error;
    }
    return evidence?.(tx, current);
  };
}

async function retryStop(action: ActionOf<"retry-stop">, { deps, outcome }: ActionContext) {
  const result = await deps.store.requestStop({
    sessionId: action.sessionId,
    reason: "user_requested",
    settings: deps.settings,
    actor: deps.actor,
    now: deps.clock(),
    onlyIn: ["terminating"],
    attempt: action.attempt,
  });
  return result.command
    ? outcome(
        "applied",
        `stop command ${result.command.id} queued for ${action.agentId} (attempt ${action.attempt})`,
      )
    : outcome("skipped", "a stop command is already open");
}

async function queueStop(action: ActionOf<"queue-stop">, { deps, outcome, precondition }: ActionContext) {
  const result = await deps.store.requestStopOfEnded({
    sessionId: action.sessionId,
    settings: deps.settings,
    actor: deps.actor,
    now: deps.clock(),
    attempt: action.attempt,
    precondition,
  });
  if (result.refused) return outcome("skipped", result.refused);
  return result.command
    ? outcome(
        "applied",
        `stop command ${result.command.id} queued for ${action.agentId}, which still reports the ended session (attempt ${action.attempt})`,
      )
    : outcome("skipped", "a stop command is already open");
}

async function endSession(
  action: ActionOf<"force-terminate" | "terminate-session">,
  { deps, deleted, outcome, precondition, details }: ActionContext,
) {
  const { changed, refused } = await deps.store.terminateNow({
    sessionId: action.sessionId,
    reason: action.terminationReason,
    actor: deps.actor,
    now: deps.clock(),
    auditAction:
      action.type === "force-terminate" ? "session.force_terminated" : "session.agent_lost_terminated",
    details: { ...details, objects: action.objects },
    precondition,
  });
  if (refused) return outcome("skipped", refused);
  // The row says terminated first; if a delete (or a quarantine) fails below, the objects stay
  // visible as leaked and the next pass deals with them.
  if (action.quarantine) {
    const done = await quarantineAll(
      { sessionId: action.sessionId, ...action.quarantine, reason: action.reason },
      details,
      deps,
    );
    return outcome(
      changed ? "applied" : "skipped",
      `${changed ? `terminated (${action.terminationReason})` : "already ended"}; ${quarantinedNote(done)}`,
    );
  }
  const replaced = await deleteAll(action, deps, deleted);
  return outcome(
    changed ? "applied" : "skipped",
    (changed
      ? `terminated (${action.terminationReason}); deleted ${deleted.length} object(s)`
      : `already ended; deleted ${deleted.length} object(s)`) + replacedNote(replaced),
  );
}

const quarantinedNote = (done: PatchedAll) =>
  `quarantined ${done.patched.length} object(s)${replacedNote(done.changed)}`;

async function quarantineObjects(
  action: ActionOf<"quarantine-objects">,
  { deps, outcome, details }: ActionContext,
) {
  const done = await quarantineAll(action, details, deps);
  return done.patched.length > 0
    ? outcome(
        "applied",
        `quarantined ${done.patched.map(describeRef).join(", ")}${replacedNote(done.changed)}`,
      )
    : outcome("skipped", done.changed.length ? replacedNote(done.changed).slice(2) : "already gone");
}

async function restoreObjects(
  action: ActionOf<"restore-objects">,
  { deps, outcome, details }: ActionContext,
) {
  const done = await restoreAll(action, details, deps);
  return done.patched.length > 0
    ? outcome("applied", `restored ${done.patched.map(describeRef).join(", ")}${replacedNote(done.changed)}`)
    : outcome("skipped", done.changed.length ? replacedNote(done.changed).slice(2) : "already gone");
}

async function failSession(
  action: ActionOf<"fail-session">,
  { deps, deleted, outcome, precondition, details }: ActionContext,
) {
  const state = await deps.store.getState(action.sessionId);
  const expected =
    action.driftClass === "missing-resources" ? (["running"] as const) : (["pending"] as const);
  const { changed, refused } = await deps.store.failNow({
    sessionId: action.sessionId,
    expected: [...expected],
    reason: action.terminationReason,
    actor: deps.actor,
    now: deps.clock(),
    details,
    precondition,
  });
  if (refused) return outcome("skipped", refused);
  if (!changed) return outcome("skipped", `session is ${state ?? "gone"} now`);
  const replaced = await deleteAll(action, deps, deleted);
  return outcome("applied", `failed (${action.terminationReason})${replacedNote(replaced)}`);
}

async function deleteObjects(action: ActionOf<"delete-objects">, { deps, deleted, outcome }: ActionContext) {
  const replaced = await deleteAll(action, deps, deleted);
  return deleted.length > 0
    ? outcome("applied", `deleted ${deleted.map(describeRef).join(", ")}${replacedNote(replaced)}`)
    : outcome("skipped", replaced.length ? replacedNote(replaced).slice(2) : "already gone");
}

function dispatch(action: Action, context: ActionContext): Promise<ActionOutcome> {
  switch (action.type) {
    case "retry-stop":
      return retryStop(action, context);
    case "force-terminate":
    case "terminate-session":
      return endSession(action, context);
    case "fail-session":
      return failSession(action, context);
    case "queue-stop":
      return queueStop(action, context);
    case "delete-objects":
      return deleteObjects(action, context);
    case "quarantine-objects":
      return quarantineObjects(action, context);
    case "restore-objects":
      return restoreObjects(action, context);
    default: {
      const unknown: never = action;
      return Promise.resolve(
        context.outcome("failed", "unknown action", `unknown action ${JSON.stringify(unknown)}`),
      );
    }
  }
}

/** One action carried out, its error turned into a `failed` outcome (skips are not errors). */
async function runAction(action: Action, deps: ExecuteDeps): Promise<ActionOutcome> {
  const deleted: ObjectRef[] = [];
  const outcome = (status: ActionOutcome["status"], detail: string, error?: string): ActionOutcome => ({
    type: action.type,
    sessionId: action.sessionId,
    status,
    detail,
    deleted,
    ...(error ? { error } : {}),
  });
  const details = { action: action.type, driftClass: action.driftClass, why: action.reason };
  try {
    if (deps.deadline && deps.clock() > deps.deadline)
      return outcome("skipped", "past the pass deadline: left for the next pass");
    await deps.fence?.();
    return await dispatch(action, {
      deps,
      deleted,
      outcome,
      precondition: preconditionFor(action, deps),
      details,
    });
  } catch (error) {
    if (error instanceof LeaseLostError) return outcome("skipped", error.message);
    if (
      error instanceof InvalidTransitionError ||
      (error instanceof DomainError && error.kind === "conflict")
    ) {
      return outcome("skipped", error.message);
    }
    return outcome("failed", "error", describeFailure(error));
  }
}

/**
 * Carries out one action. Database changes are compare-and-set with their audit event in the same
 * transaction; a session that moved on meanwhile makes the action `skipped`, not an error. A
 * failed action is audited with its error (`reconcile.action_failed`) so /audit shows it too.
 */
export async function executeAction(action: Action, deps: ExecuteDeps): Promise<ActionOutcome> {
  const outcome = await runAction(action, deps);
  if (outcome.status === "failed") {
    await auditFailure(deps.store, {
      actor: deps.actor,
      sessionId: action.sessionId,
      now: deps.clock(),
      details: {
        action: action.type,
        driftClass: action.driftClass,
        why: action.reason,
        error: outcome.error,
        ...(outcome.deleted.length ? { deleted: outcome.deleted } : {}),
        ...(deps.runId ? { runId: deps.runId } : {}),
      },
    });
  }
  return outcome;
}

/**
 * Runs the actions with bounded concurrency; each is isolated, so one failure never stops the rest.
 * `concurrency` actions at once, and as many API calls in flight across them: an action waiting
 * for a call slot has done its database work meanwhile, so the API server is kept busy.
 */
export async function executePlan(actions: Action[], deps: ExecuteDeps): Promise<ActionOutcome[]> {
  const outcomes: ActionOutcome[] = new Array(actions.length);
  const withSlots = {
    ...deps,
    apiCallSlots: deps.apiCallSlots ?? createLimiter(Math.max(1, deps.concurrency)),
  };
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(deps.concurrency, actions.length)) }, async () => {
      while (next < actions.length) {
        const index = next++;
        outcomes[index] = await executeAction(actions[index]!, withSlots);
      }
    }),
  );
  return outcomes;
}
