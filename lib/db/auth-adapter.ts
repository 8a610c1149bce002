import "server-only";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { getDatabase } from "./client";
import { authRateLimits, userAccounts, users, userSessions, verifications } from "./schema";

/** better-auth's storage: its models mapped onto our tables, in the process's database. */
export type AuthDatabaseAdapter = ReturnType<typeof drizzleAdapter>;

/** better-auth's adapter over the process's database (opened on first use). */
export async function getAuthDatabaseAdapter(): Promise<AuthDatabaseAdapter> {
  const { db } = await getDatabase();
  return drizzleAdapter(db, {
    provider: "pg",
    schema: {
      user: users,
      session: userSessions,
      account: userAccounts,
      verification: verifications,
      rateLimit: authRateLimits,
    },
  });
}
