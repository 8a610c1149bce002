import { sql } from "drizzle-orm";
import type { Database } from "../client";

/** The server's `server_version` (PGlite answers its PostgreSQL version too). */
export async function getServerVersion(db: Database): Promise<string> {
  // Both drivers answer `execute` with `{ rows }`.
  const result = (await db.execute(sql`select current_setting('server_version') as version`)) as unknown as {
    rows: { version: string }[];
  };
  return result.rows[0]?.version ?? "unknown";
}
