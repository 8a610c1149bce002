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
  const { rows, snapshot } = await loadSessionRowsShared(now);
  const index = indexBySession(snapshot, env.SESSION_LABEL_KEY);
  return {
    entries: deriveQuarantineEntries(rows, (id) => index.get(id), now),
    quarantineSeconds: env.QUARANTINE_SECONDS,
    generatedAt: now.toISOString(),
  };
}
