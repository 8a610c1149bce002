import { listQuarantinedObjects } from "@/lib/k8s/model/quarantine";
import type { SessionObjects } from "@/lib/k8s/model/snapshot";
import type { SessionState } from "@/lib/sessions/state-machine";
import type { SessionRowView } from "./session-rows";

/** One object in quarantine, JSON-safe. */
export interface QuarantinedObjectView {
  kind: "Deployment" | "Service" | "Pod";
  name: string;
  reason: string;
  quarantinedBy: string;
  quarantinedAt: string;
  untilAt: string;
  replicasBefore?: number;
}

/** A session (or an orphaned session id) with objects in quarantine. */
export interface QuarantineEntry {
  sessionId: string;
  /** A row in the database, or only objects (an orphan). */
  kind: "session" | "orphan";
  state: SessionState | null;
  namespace: string | null;
  objects: QuarantinedObjectView[];
  /** When the last of them comes out of quarantine (and may be deleted). */
  untilAt: string;
  /** Seconds until then; 0 once due (the next pass deletes them). */
  secondsLeft: number;
}

/**
 * The quarantine list: every row whose objects are in quarantine, with each object's marks and the
 * time left, soonest deletion first. Pure: `now` is passed in.
 */
export function deriveQuarantineEntries(
  rows: SessionRowView[],
  objectsOf: (sessionId: string) => SessionObjects | undefined,
  now: Date,
): QuarantineEntry[] {
  const entries: QuarantineEntry[] = [];
  for (const row of rows) {
    if (!row.quarantinedUntil) continue;
    const objects = objectsOf(row.id);
    if (!objects) continue;
    const untilAt = new Date(row.quarantinedUntil);
    entries.push({
      sessionId: row.id,
      kind: row.kind,
      state: row.state,
      namespace: row.namespace,
      objects: listQuarantinedObjects(objects).map(({ kind, name, marks }) => ({
        kind,
        name,
        reason: marks.reason,
        quarantinedBy: marks.quarantinedBy,
        quarantinedAt: marks.quarantinedAt.toISOString(),
        untilAt: marks.untilAt.toISOString(),
        ...(marks.replicasBefore !== undefined ? { replicasBefore: marks.replicasBefore } : {}),
      })),
      untilAt: row.quarantinedUntil,
      secondsLeft: Math.max(0, Math.ceil((untilAt.getTime() - now.getTime()) / 1000)),
    });
  }
  return entries.sort((a, b) => a.untilAt.localeCompare(b.untilAt) || a.sessionId.localeCompare(b.sessionId));
}
