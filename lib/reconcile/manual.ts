import "server-only";
import type { Actor } from "@/lib/db/queries/audit";
import {
  indexBySession,
  isKindKnown,
  emptySessionObjects,
  type ClusterSnapshot,
} from "@/lib/k8s/model/snapshot";
import { listQuarantinedObjects } from "@/lib/k8s/model/quarantine";
import { derivePlatformSettings } from "@/lib/platform/settings";
import { isFinalState } from "@/lib/sessions/state-machine";
import { executeAction, type ActionOutcome } from "./execute";
import { auditFailure, describeFailure } from "./failure-audit";
import { deriveDeletableObjects, type PlanSession, type StopHistory } from "./plan";
import { resolveCluster } from "@/lib/config/clusters";
import type { RunDeps } from "./run";
import type { Action, ObjectRef, RestoreTarget } from "./types";

import type { ManualOperation } from "./operations";

export { manualOperations, type ManualOperation } from "./operations";

/** What a one-click fix needs: a pass's dependencies (built by lib/reconcile/server.ts). */
export type ManualDeps = Pick<
  RunDeps,
  "store" | "env" | "getClusterViews" | "deleteObject" | "patchObject" | "clock" | "onChanged"
>;

/** What one click would do to one session, said exactly, or why it cannot. */
export interface ManualPreview {
  sessionId: string;
  /** "delete Deployment s-42, Service s-42; 1 pod Running" — shown before the admin confirms. */
  description: string;
  action?: Action;
  refusal?: string;
}

const describeObjects = (
  refs: ObjectRef[],
  snapshot: ClusterSnapshot,
  objects: ReturnType<typeof emptySessionObjects>,
) => {
  const names = refs.map((r) => `${r.kind} ${r.name}`).join(", ");
  const running = objects.pods.filter(
    (p) => p.status?.phase === "Running" && !p.metadata?.deletionTimestamp,
  ).length;
  const pods = isKindKnown(snapshot, "pods")
    ? `; ${running} pod${running === 1 ? "" : "s"} Running`
    : "; pods unknown";
  return `${names || "no objects"}${pods}`;
};

/** One session as a click finds it: its row (if any), its stop history and what may be deleted. */
interface Target {
  sessionId: string;
  session: PlanSession | undefined;
  history: StopHistory | undefined;
  refs: ObjectRef[];
  /** "delete Deployment s-42, Service s-42; 1 pod Running" */
  deleting: string;
  /** Every kind we delete was observed. */
  known: boolean;
  /** Its objects of ours under quarantine, with the replicas their marks recorded. */
  quarantined: RestoreTarget[];
}

const refuse = (sessionId: string, refusal: string): ManualPreview => ({
  sessionId,
  description: refusal,
  refusal,
});

function previewRetryStop({ sessionId, session, history }: Target): ManualPreview {
  if (!session) return refuse(sessionId, "no such session");
  if (session.state !== "terminating")
    return refuse(sessionId, `session is ${session.state}, not terminating`);
  if (history?.open) return refuse(sessionId, "a stop command is already queued for its agent");
  const attempt = (history?.attempts ?? 0) + 1;
  return {
    sessionId,
    description: `queue stop command attempt ${attempt} for agent ${session.agentId}`,
    action: {
      type: "retry-stop",
      sessionId,
      agentId: session.agentId,
      attempt,
      driftClass: "stuck-terminating",
      reason: "admin retried the stop",
    },
  };
}

function previewForceTerminate({ sessionId, session, refs, deleting, known }: Target): ManualPreview {
  if (!session) return refuse(sessionId, "no such session");
  if (isFinalState(session.state)) return refuse(sessionId, `session is already ${session.state}`);
  if (!known) return refuse(sessionId, "the cluster could not be read; its objects are unknown");
  return {
    sessionId,
    description: `mark terminated (admin_forced) and ${deleting}`,
    action: {
      type: "force-terminate",
      sessionId,
      terminationReason: "admin_forced",
      objects: refs,
      driftClass: "stuck-terminating",
      reason: "admin forced termination",
    },
  };
}

function previewDeleteResources({ sessionId, session, refs, deleting, known }: Target): ManualPreview {
  if (session && !isFinalState(session.state))
    return refuse(sessionId, `session is ${session.state}; end it first (force terminate)`);
  if (refs.length === 0)
    return refuse(sessionId, known ? "no objects left to delete" : "the cluster could not be read");
  return {
    sessionId,
    description: deleting,
    action: {
      type: "delete-objects",
      sessionId,
      objects: refs,
      driftClass: session ? "leaked-resources" : "orphaned-resources",
      reason: "admin deleted the resources",
    },
  };
}

/**
 * Brings quarantined objects back: scaled to the replicas they had, marks cleared, `restored-at`
 * set (which holds the reconciler off them for QUARANTINE_SECONDS: a restored orphan is still an
 * orphan). Not destructive; refused when nothing of the session is in quarantine.
 */
function previewRestoreObjects({ sessionId, session, quarantined, known }: Target): ManualPreview {
  if (quarantined.length === 0)
    return refuse(sessionId, known ? "nothing of it is in quarantine" : "the cluster could not be read");
  const names = quarantined
    .map(
      (t) =>
        `${t.kind} ${t.name}${t.kind === "Deployment" ? ` (to ${t.replicasBefore ?? 1} replica${t.replicasBefore === 1 || t.replicasBefore === undefined ? "" : "s"})` : ""}`,
    )
    .join(", ");
  return {
    sessionId,
    description: `restore ${names}; the reconciler leaves them alone for QUARANTINE_SECONDS`,
    action: {
      type: "restore-objects",
      sessionId,
      targets: quarantined,
      driftClass: session ? "leaked-resources" : "orphaned-resources",
      reason: "restored from quarantine by a person",
    },
  };
}

const previewers: Record<ManualOperation, (target: Target) => ManualPreview> = {
  "retry-stop": previewRetryStop,
  "force-terminate": previewForceTerminate,
  "delete-resources": previewDeleteResources,
  "restore-objects": previewRestoreObjects,
};

/**
 * Turns an admin's click into the same actions the reconciler runs, for each session id, with the
 * exact sentence the confirmation shows. Reads the current state; refuses what does not apply
 * (a stop for a session that is not terminating, deleting the objects of a live session, acting
 * on a cluster that could not be read).
 */
export async function previewManualOperation(
  operation: ManualOperation,
  sessionIds: string[],
  deps: ManualDeps,
): Promise<ManualPreview[]> {
  const { env } = deps;
  const db = deps.store.observed;
  const views = await deps.getClusterViews();
  const indexes = views.map((view) => ({
    ...view,
    index: indexBySession(view.snapshot, env.SESSION_LABEL_KEY),
  }));
  const { sessions, stopHistory } = await db.loadPlanSessions({ withObjects: sessionIds, ids: sessionIds });
  const byId = new Map(sessions.map((s) => [s.id, s]));
  const owner = { installation: env.INSTALLATION_NAME, installationId: await db.getInstallationId() };

  return sessionIds.map((sessionId): ManualPreview => {
    const session = byId.get(sessionId);
    // A session's objects are looked for in its own cluster; an id with no row, wherever it is seen.
    const home = session
      ? resolveCluster(session.cluster ?? "", env)
      : (indexes.find((v) => v.index.has(sessionId)) ?? indexes[0])?.cluster;
    const view = indexes.find((v) => v.cluster === home);
    if (!view)
      return {
        sessionId,
        description: "nothing",
        refusal: `its cluster ${session?.cluster ?? "(none)"} is not configured here (CLUSTERS)`,
      };
    const { snapshot, index } = view;
    const known =
      isKindKnown(snapshot, "deployments") &&
      isKindKnown(snapshot, "services") &&
      isKindKnown(snapshot, "pods");
    const inCluster = <T extends object>(refs: T[]) =>
      views.length > 1 ? refs.map((ref) => ({ ...ref, cluster: view.cluster })) : refs;
    const objects = index.get(sessionId) ?? emptySessionObjects();
    // Deleting objects rests on their marks alone once the session is over (or has no row).
    const pinContent = !session || isFinalState(session.state);
    const refs = inCluster(deriveDeletableObjects(objects, snapshot, owner, pinContent));
    const deleting = `delete ${describeObjects(refs, snapshot, objects)}${views.length > 1 ? ` in cluster ${view.cluster}` : ""}`;
    const history = stopHistory.get(sessionId);
    // Only what is ours (the same test as for deleting), pinned to the version whose marks were read.
    const ours = new Set(deriveDeletableObjects(objects, snapshot, owner, true).map((r) => r.uid));
    const quarantined = inCluster(
      listQuarantinedObjects(objects)
        .filter((o) => ours.has(o.uid))
        .map(({ marks, ...ref }): RestoreTarget => ({
          ...ref,
          ...(marks.replicasBefore !== undefined ? { replicasBefore: marks.replicasBefore } : {}),
        })),
    );
    return previewers[operation]({ sessionId, session, history, refs, deleting, known, quarantined });
  });
}

/**
 * The previews of a click about to run; when they cannot be made (the cluster or the database
 * unreadable), each session's failure is audited before the error goes on to the caller.
 */
async function previewOrAudit(
  operation: ManualOperation,
  sessionIds: string[],
  actor: Actor,
  deps: ManualDeps,
): Promise<ManualPreview[]> {
  try {
    return await previewManualOperation(operation, sessionIds, deps);
  } catch (error) {
    const details = { operation, error: describeFailure(error) };
    // One write refused is enough to know the rest would be too (the database is likely down).
    for (const sessionId of sessionIds) {
      const event = { actor, sessionId, now: deps.clock(), details };
      if (!(await auditFailure(deps.store.sessions, event))) break;
    }
    throw error;
  }
}

/** Runs the previewed actions for each session as `actor`; one result per id, failures isolated. */
export async function executeManualOperation(
  operation: ManualOperation,
  sessionIds: string[],
  actor: Actor,
  deps: ManualDeps,
): Promise<(ManualPreview & { outcome?: ActionOutcome })[]> {
  const previews = await previewOrAudit(operation, sessionIds, actor, deps);
  const executeDeps = {
    store: deps.store.sessions,
    deleteObject: deps.deleteObject,
    ...(deps.patchObject ? { patchObject: deps.patchObject } : {}),
    clock: deps.clock,
    actor,
    settings: derivePlatformSettings(deps.env),
    concurrency: 1,
  };
  const results = [];
  for (const preview of previews) {
    results.push(
      preview.action ? { ...preview, outcome: await executeAction(preview.action, executeDeps) } : preview,
    );
  }
  deps.onChanged?.();
  return results;
}
