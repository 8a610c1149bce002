import "server-only";
import { getTableName } from "drizzle-orm";
import { RateLimiterMemory, RateLimiterPostgres, type RateLimiterAbstract } from "rate-limiter-flexible";
import { getDatabase, type DatabaseHandle } from "./client";
import { authFailureCounts } from "./schema";

/** How many failures a key may have, over how long. */
export interface FailureLimit {
  points: number;
  durationSeconds: number;
}

/**
 * A counter of failures per key over `durationSeconds`, shared by every process on the database
 * of `handle`. On PostgreSQL it is rate-limiter-flexible's PostgreSQL store over the handle's pool,
 * in the table our migration creates (`auth_failure_counts`, so the schema stays in one place:
 * `tableCreated`); should the database fail a count, it falls back to this process's memory
 * (insurance) rather than let the failure through uncounted. The embedded database is one
 * process's by construction (a directory lock): there, memory is already shared by all.
 */
export function failureLimiterOver(
  handle: Pick<DatabaseHandle, "pool">,
  limit: FailureLimit,
): RateLimiterAbstract {
  const { points, durationSeconds: duration } = limit;
  const memory = new RateLimiterMemory({ points, duration });
  if (!handle.pool) return memory;
  return new RateLimiterPostgres({
    storeClient: handle.pool,
    storeType: "pool",
    tableName: getTableName(authFailureCounts),
    tableCreated: true,
    keyPrefix: "auth",
    points,
    duration,
    insuranceLimiter: memory,
  });
}

/** {@link failureLimiterOver} the process's database. */
export async function openFailureLimiter(limit: FailureLimit): Promise<RateLimiterAbstract> {
  return failureLimiterOver(await getDatabase(), limit);
}
