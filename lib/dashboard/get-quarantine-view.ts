import "server-only";
import { getEnv } from "@/lib/config/env";
import { indexBySession } from "@/lib/k8s/model/snapshot";
import { loadSessionRowsShared } from "./get-sessions-view";
import { deriveQuarantineEntries, type QuarantineEntry } from "./quarantine-view";

/** What /quarantine shows: the objects in quarantine, by session, and how long each has left. */
export async function getQuarantineView(
  now = new Date(),
): Promise<{ entries: QuarantineEntry[]; quarantineSeconds: number; generatedAt: string }> {
  const env = getEnv();
  const { rows, views } = await loadSessionRowsShared(now);
  // A session's objects are in its own cluster's view (the rows name it when there are several).
  const indexes = new Map(views.map((v) => [v.cluster, indexBySession(v.snapshot, env.SESSION_LABEL_KEY)]));
  const clusterOf = new Map(rows.map((r) => [r.id, r.cluster ?? views[0]?.cluster]));
  return {
    entries: deriveQuarantineEntries(rows, (id) => indexes.get(clusterOf.get(id) ?? "")?.get(id), now),
    quarantineSeconds: env.QUARANTINE_SECONDS,
    generatedAt: now.toISOString(),
  };
}
