import "server-only";
import { describeClusterError } from "@/lib/k8s/cluster-status";
import { describeObjectRef as describeRef } from "@/lib/k8s/model/object-ref";
import { deriveQuarantineAnnotations, deriveRestoreAnnotations } from "@/lib/k8s/model/quarantine";
import type { MarksPatch, PatchResult } from "@/lib/k8s/patch-object";
import type { ExecuteDeps } from "./execute";
import { LeaseLostError } from "./lease";
import type { ObjectAuditAction } from "./store";
import type { Action, ObjectRef, QuarantineTarget, RestoreTarget } from "./types";

/** What patching a set of objects came to: those patched, and those changed or replaced since. */
export interface PatchedAll {
  patched: ObjectRef[];
  changed: string[];
}

const plainRef = ({ kind, namespace, name, uid, resourceVersion }: ObjectRef): ObjectRef => ({
  kind,
  namespace,
  name,
  uid,
  ...(resourceVersion ? { resourceVersion } : {}),
});

/**
 * Patches each target (fenced by the lease before each), continuing past a failure so one stuck
 * object does not leave the others unmarked; audits `event` for those patched; throws at the end if
 * any failed. NotFound is nothing to do; a conflict (changed since the plan) is left for the next.
 */
async function patchAll<T extends ObjectRef>(
  targets: T[],
  patchOf: (target: T) => MarksPatch,
  audit: { sessionId: string; action: ObjectAuditAction; details: Record<string, unknown> },
  deps: ExecuteDeps,
): Promise<PatchedAll> {
  const patch = deps.patchObject;
  if (!patch) throw new Error("this process cannot patch objects (no patchObject given)");
  const done: PatchedAll = { patched: [], changed: [] };
  const failures: string[] = [];
  for (const target of targets) {
    await deps.fence?.();
    try {
      const result: PatchResult = await patch(plainRef(target), patchOf(target));
      if (result === "patched") done.patched.push(plainRef(target));
      if (result === "conflict") done.changed.push(describeRef(target));
    } catch (error) {
      if (error instanceof LeaseLostError) throw error;
      failures.push(`${describeRef(target)}: ${describeClusterError(error)}`);
    }
  }
  if (done.patched.length > 0)
    await deps.store.recordObjectEvent({
      actor: deps.actor,
      sessionId: audit.sessionId,
      now: deps.clock(),
      action: audit.action,
      details: { ...audit.details, objects: done.patched },
    });
  if (failures.length > 0) throw new Error(`could not patch ${failures.join("; ")}`);
  return done;
}

/** Who the marks name: `reconciler:loop`, `user:<id>`, `cron:cron`. */
const actorName = (deps: ExecuteDeps) => `${deps.actor.type}:${deps.actor.id}`;

/**
 * Quarantines the targets: each Deployment scaled to 0, every target annotated with when, by whom,
 * why, its replicas before and the end of the quarantine (now + `quarantineSeconds`, from the
 * executor's clock so a previewed plan applied later keeps its full time). Audited
 * `object.quarantined`.
 */
export function quarantineAll(
  input: { sessionId: string; targets: QuarantineTarget[]; quarantineSeconds: number; reason: string },
  details: { action: Action["type"]; driftClass: Action["driftClass"] },
  deps: ExecuteDeps,
): Promise<PatchedAll> {
  const now = deps.clock();
  const untilAt = new Date(now.getTime() + input.quarantineSeconds * 1000);
  const by = actorName(deps);
  return patchAll(
    input.targets,
    (target) => ({
      annotations: deriveQuarantineAnnotations({
        now,
        by,
        reason: input.reason,
        untilAt,
        ...(target.kind === "Deployment" ? { replicasBefore: target.replicas ?? 1 } : {}),
      }),
      ...(target.kind === "Deployment" ? { replicas: 0 } : {}),
    }),
    {
      sessionId: input.sessionId,
      action: "object.quarantined",
      details: { ...details, why: input.reason, untilAt: untilAt.toISOString() },
    },
    deps,
  );
}

/**
 * Restores the targets: each Deployment scaled back to the replicas its marks recorded (1 when
 * none), the quarantine marks removed and `restored-at`/`restored-by` set, which holds the
 * reconciler off it for QUARANTINE_SECONDS. Audited `object.restored`.
 */
export function restoreAll(
  input: { sessionId: string; targets: RestoreTarget[]; reason: string },
  details: { action: Action["type"]; driftClass: Action["driftClass"] },
  deps: ExecuteDeps,
): Promise<PatchedAll> {
  const annotations = deriveRestoreAnnotations({ now: deps.clock(), by: actorName(deps) });
  return patchAll(
    input.targets,
    (target) => ({
      annotations,
      ...(target.kind === "Deployment" ? { replicas: target.replicasBefore ?? 1 } : {}),
    }),
    { sessionId: input.sessionId, action: "object.restored", details: { ...details, why: input.reason } },
    deps,
  );
}
