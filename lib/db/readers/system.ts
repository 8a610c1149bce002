import "server-only";
import { sql } from "drizzle-orm";
import { getDatabase, type DatabaseDriver } from "../client";

/** The process's database as the status page shows it; throws when it cannot be opened or asked. */
export async function getDatabaseStatus(): Promise<{
  driver: DatabaseDriver;
  location: string;
  serverVersion: string;
}> {
  const { db, driver, location } = await getDatabase();
  // Both drivers answer `execute` with `{ rows }`.
  const result = (await db.execute(sql`select current_setting('server_version') as version`)) as unknown as {
    rows: { version: string }[];
  };
  return { driver, location, serverVersion: result.rows[0]?.version ?? "unknown" };
}
