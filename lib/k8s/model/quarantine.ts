import type { V1ObjectMeta } from "@kubernetes/client-node";
import { QUARANTINE_ANNOTATIONS as Q } from "./labels";
import type { SessionObjects } from "./snapshot";

/** An object's quarantine, as its annotations say it (all times ISO in the marks). */
export interface QuarantineMarks {
  quarantinedAt: Date;
  quarantinedBy: string;
  reason: string;
  /** When the quarantine ends and the reconciler may delete the object. */
  untilAt: Date;
  /** The Deployment's replicas before it was scaled to 0 (none on a Service). */
  replicasBefore?: number;
}

const dateOf = (value: string | undefined): Date | undefined => {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
};

/**
 * The quarantine an object is under, read from its annotations; undefined when it carries no
 * `quarantine-until` that parses. A mark someone garbled is not a quarantine: the object is then
 * treated as never quarantined (quarantined again, not deleted on a guess).
 */
export function readQuarantine(meta: V1ObjectMeta | undefined): QuarantineMarks | undefined {
  const a = meta?.annotations;
  const untilAt = dateOf(a?.[Q.until]);
  if (!a || !untilAt) return undefined;
  const replicas = Number(a[Q.replicasBefore]);
  return {
    quarantinedAt: dateOf(a[Q.at]) ?? untilAt,
    quarantinedBy: a[Q.by] ?? "unknown",
    reason: a[Q.reason] ?? "",
    untilAt,
    ...(a[Q.replicasBefore] !== undefined && Number.isInteger(replicas) && replicas >= 0
      ? { replicasBefore: replicas }
      : {}),
  };
}

/** When the object was last restored from quarantine, if it was. */
export const readRestoredAt = (meta: V1ObjectMeta | undefined): Date | undefined =>
  dateOf(meta?.annotations?.[Q.restoredAt]);

/**
 * Whether a restore still holds the reconciler off the object: restored less than `holdSeconds`
 * ago. A restored orphan is still an orphan; the hold gives its owner that long to take it back
 * before it is quarantined (or deleted) again.
 */
export function isRestoreHolding(meta: V1ObjectMeta | undefined, now: Date, holdSeconds: number): boolean {
  const restoredAt = readRestoredAt(meta);
  return !!restoredAt && now.getTime() < restoredAt.getTime() + holdSeconds * 1000;
}

/** The annotations that put an object in quarantine until `untilAt` (a merge patch's values). */
export function deriveQuarantineAnnotations(input: {
  now: Date;
  by: string;
  reason: string;
  untilAt: Date;
  replicasBefore?: number;
}): Record<string, string | null> {
  return {
    [Q.at]: input.now.toISOString(),
    [Q.by]: input.by,
    // Annotation values have no hard limit but a total of 256 KiB; a reason is a sentence.
    [Q.reason]: input.reason.slice(0, 500),
    [Q.until]: input.untilAt.toISOString(),
    [Q.replicasBefore]: input.replicasBefore === undefined ? null : String(input.replicasBefore),
    // A new quarantine ends the hold of an older restore.
    [Q.restoredAt]: null,
    [Q.restoredBy]: null,
  };
}

/** The annotations of a restore: the quarantine marks cleared (null removes them), the restore noted. */
export function deriveRestoreAnnotations(input: { now: Date; by: string }): Record<string, string | null> {
  return {
    [Q.at]: null,
    [Q.by]: null,
    [Q.reason]: null,
    [Q.until]: null,
    [Q.replicasBefore]: null,
    [Q.restoredAt]: input.now.toISOString(),
    [Q.restoredBy]: input.by,
  };
}

/** An object under quarantine, as the listing and the restore read it. */
export interface QuarantinedObject {
  kind: "Deployment" | "Service" | "Pod";
  namespace: string;
  name: string;
  uid: string;
  resourceVersion?: string;
  marks: QuarantineMarks;
}

/**
 * The objects of `objects` under quarantine (Deployments and Services, and pods no controller
 * owns, as the reconciler quarantines them), each with its marks; sorted by kind and name.
 */
export function listQuarantinedObjects(objects: SessionObjects): QuarantinedObject[] {
  const found: QuarantinedObject[] = [];
  const add = (kind: QuarantinedObject["kind"], meta: V1ObjectMeta | undefined) => {
    const marks = readQuarantine(meta);
    if (!marks || !meta?.name || !meta.namespace || !meta.uid) return;
    found.push({
      kind,
      namespace: meta.namespace,
      name: meta.name,
      uid: meta.uid,
      ...(meta.resourceVersion ? { resourceVersion: meta.resourceVersion } : {}),
      marks,
    });
  };
  for (const d of objects.deployments) add("Deployment", d.metadata);
  for (const s of objects.services) add("Service", s.metadata);
  for (const p of objects.pods) if (!p.metadata?.ownerReferences?.length) add("Pod", p.metadata);
  return found.sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
}

/** When the last of a session's quarantined objects comes out of quarantine; undefined: none is. */
export function deriveQuarantinedUntil(objects: SessionObjects): Date | undefined {
  const ends = listQuarantinedObjects(objects).map((o) => o.marks.untilAt.getTime());
  return ends.length ? new Date(Math.max(...ends)) : undefined;
}
