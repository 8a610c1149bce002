import { eq, sql } from "drizzle-orm";
import type { Database } from "../client";
import { installation } from "../schema";

/** Shorter gaps than this are scheduling noise (a busy event loop), not an outage. */
const minimumGapSeconds = 10;

/**
 * Records that this installation is alive and hearing at `now`. A gap since the last record longer
 * than the heartbeat timeout (and at least 10 s: our database or every replica was down) starts a
 * new `aliveSince`. Writes at most once a second, however many heartbeats arrive.
 */
export async function recordAlive(
  db: Database,
  input: { now: Date; heartbeatTimeoutSeconds: number },
): Promise<void> {
  const now = input.now.toISOString();
  const gapSeconds = Math.max(input.heartbeatTimeoutSeconds, minimumGapSeconds);
  await db
    .update(installation)
    .set({
      aliveSince: sql`case when ${installation.lastAliveAt} is null
        or ${installation.lastAliveAt} < ${now}::timestamptz - make_interval(secs => ${gapSeconds})
        then ${now}::timestamptz else ${installation.aliveSince} end`,
      lastAliveAt: sql`greatest(${installation.lastAliveAt}, ${now}::timestamptz)`,
    })
    .where(
      sql`${installation.singleton} = 'this' and (${installation.lastAliveAt} is null
        or ${installation.lastAliveAt} < ${now}::timestamptz - interval '1 second')`,
    );
}

/** Since when this installation has been hearing without a gap, and when it last recorded it. */
export async function getLiveness(
  db: Database,
): Promise<{ aliveSince: Date | null; lastAliveAt: Date | null }> {
  const [row] = await db.select().from(installation).where(eq(installation.singleton, "this"));
  return { aliveSince: row?.aliveSince ?? null, lastAliveAt: row?.lastAliveAt ?? null };
}

/** This installation's id (created with the database; stamped on every object we create). */
export async function getInstallationId(db: Database): Promise<string> {
  const [row] = await db
    .select({ id: installation.id })
    .from(installation)
    .where(eq(installation.singleton, "this"));
  if (!row) throw new Error("the installation row is missing: the migrations did not run");
  return row.id;
}
