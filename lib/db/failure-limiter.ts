import "server-only";
import { getTableName } from "drizzle-orm";
import { RateLimiterMemory, RateLimiterPostgres, type RateLimiterAbstract } from "rate-limiter-flexible";
import { getDatabase } from "./client";
import { authFailureCounts } from "./schema";

/**
 * A counter of failures per key over `durationSeconds`, shared by every process on the database.
 * On PostgreSQL it is rate-limiter-flexible's PostgreSQL store over the process's pool, in the
 * table our migration creates (`auth_failure_counts`, so the schema stays in one place:
 * `tableCreated`); should the database fail a count, it falls back to this process's memory
 * (insurance) rather than let the failure through uncounted. The embedded database is one
 * process's by construction (a directory lock): there, memory is already shared by all.
 */
export async function openFailureLimiter(input: {
  points: number;
  durationSeconds: number;
}): Promise<RateLimiterAbstract> {
  const { points, durationSeconds: duration } = input;
  const memory = new RateLimiterMemory({ points, duration });
  const { pool } = await getDatabase();
  if (!pool) return memory;
  return new RateLimiterPostgres({
    storeClient: pool,
    storeType: "pool",
    tableName: getTableName(authFailureCounts),
    tableCreated: true,
    keyPrefix: "auth",
    points,
    duration,
    insuranceLimiter: memory,
  });
}
