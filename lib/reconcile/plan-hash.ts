import { createHash } from "node:crypto";
import type { Action, ObjectRef } from "./types";

/**
 * What an action does and to what — its type, session, class, ending and the exact objects (uids
 * and pinned versions) — without its wording or counters (ages in the reason, a stop's attempt).
 */
const refsOf = (refs: ObjectRef[] | undefined) =>
  (refs ?? []).map((o) => `${o.kind}/${o.namespace}/${o.name}/${o.uid}/${o.resourceVersion ?? ""}`).sort();

const essence = (action: Action) =>
  JSON.stringify([
    action.type,
    action.sessionId,
    action.driftClass,
    "terminationReason" in action ? action.terminationReason : "",
    "objects" in action ? refsOf(action.objects) : [],
    // What is quarantined (or restored) instead of deleted is as much the plan as what is deleted.
    "targets" in action ? refsOf(action.targets) : [],
    "quarantine" in action ? refsOf(action.quarantine?.targets) : [],
  ]);

/**
 * The fingerprint of a plan, so that "Apply" runs the plan a person previewed and nothing else:
 * the same actions on the same objects give the same hash whatever their order or wording.
 */
export function derivePlanHash(actions: Action[]): string {
  const lines = actions.map(essence).sort();
  return createHash("sha256").update(lines.join("\n")).digest("hex");
}
