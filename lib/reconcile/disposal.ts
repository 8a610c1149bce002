import type { V1ObjectMeta } from "@kubernetes/client-node";
import { isRestoreHolding, readQuarantine, readRestoredAt } from "@/lib/k8s/model/quarantine";
import type { SessionObjects } from "@/lib/k8s/model/snapshot";
import type { ClassMode, ObjectRef, QuarantineTarget } from "./types";

/**
 * Where one object stands with quarantine, from its own marks (level-based: no memory of earlier
 * passes): never quarantined (`plain`), quarantined and not yet due, due (its `quarantine-until`
 * has passed), or `held` (restored by a person less than QUARANTINE_SECONDS ago).
 */
export type ObjectStanding = "plain" | "quarantined" | "due" | "held";

export function classifyStanding(
  meta: V1ObjectMeta | undefined,
  now: Date,
  quarantineSeconds: number,
): ObjectStanding {
  const marks = readQuarantine(meta);
  if (marks) return marks.untilAt.getTime() <= now.getTime() ? "due" : "quarantined";
  return isRestoreHolding(meta, now, quarantineSeconds) ? "held" : "plain";
}

/** The metadata of a session's objects by uid, to read the marks of the refs made from them. */
export function indexMetaByUid(objects: SessionObjects): Map<string, V1ObjectMeta> {
  const index = new Map<string, V1ObjectMeta>();
  for (const o of [...objects.deployments, ...objects.services, ...objects.pods])
    if (o.metadata?.uid) index.set(o.metadata.uid, o.metadata);
  return index;
}

/** The refs as quarantine targets: a Deployment's with the replicas it has now (to restore them). */
export function deriveQuarantineTargets(objects: SessionObjects, refs: ObjectRef[]): QuarantineTarget[] {
  const replicas = new Map(objects.deployments.map((d) => [d.metadata?.uid, d.spec?.replicas ?? 1]));
  return refs.map((ref) =>
    ref.kind === "Deployment" ? { ...ref, replicas: replicas.get(ref.uid) ?? 1 } : { ...ref },
  );
}

/** What becomes of an ended session's (or an orphan's) objects this pass. */
export type Disposal =
  | { do: "quarantine"; targets: QuarantineTarget[] }
  | { do: "delete"; refs: ObjectRef[]; afterQuarantine: boolean }
  | { do: "wait" }
  | { do: "hold"; why: string };

/**
 * The disposal of deletable objects under `mode` (automatic or quarantine). In quarantine mode the
 * Deployments and Services never quarantined are quarantined first, and deleted once their
 * quarantine is due (with any pod no controller owns). In
 * either mode an object in quarantine is kept until its end (the promise made when it was
 * quarantined outlives a change of mode), and one restored is left alone while the restore holds.
 */
export function deriveDisposal(
  objects: SessionObjects,
  refs: ObjectRef[],
  input: { mode: ClassMode; now: Date; quarantineSeconds: number },
): Disposal {
  const meta = indexMetaByUid(objects);
  const standing = (ref: ObjectRef) =>
    classifyStanding(meta.get(ref.uid), input.now, input.quarantineSeconds);
  const plain = refs.filter((r) => standing(r) === "plain");
  const due = refs.filter((r) => standing(r) === "due");
  // A pod no controller owns cannot be scaled to 0 (and the app may not patch pods): it is not
  // quarantined, and goes with the rest once nothing of the session is kept any longer.
  const keptBack = plain.filter((r) => r.kind !== "Pod");
  if (input.mode === "quarantine" && keptBack.length > 0)
    return { do: "quarantine", targets: deriveQuarantineTargets(objects, keptBack) };
  const stillKept = refs.some((r) => standing(r) === "quarantined" || standing(r) === "held");
  const deleting = input.mode === "quarantine" && stillKept ? due : [...plain, ...due];
  if (deleting.length > 0) return { do: "delete", refs: deleting, afterQuarantine: due.length > 0 };
  const held = refs.filter((r) => standing(r) === "held");
  if (held.length > 0) {
    const restoredAt = readRestoredAt(meta.get(held[0]!.uid));
    const endsAt = new Date((restoredAt?.getTime() ?? input.now.getTime()) + input.quarantineSeconds * 1000);
    const again = input.mode === "quarantine" ? "quarantined" : "deleted";
    return {
      do: "hold",
      why: `restored from quarantine: left alone until ${endsAt.toISOString()}, then ${again} again unless its session is re-created`,
    };
  }
  return { do: "wait" };
}
