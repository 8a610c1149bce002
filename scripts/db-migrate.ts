/**
 * `npm run db:migrate`: applies pending migrations to the configured database (DATABASE_URL, or
 * the embedded one under DATA_DIR) and says which. The app also does this at start.
 */
import { openDatabase } from "@/lib/db/client";
import { getEnv } from "@/lib/config/env";

try {
  const env = getEnv();
  const handle = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.dataDir });
  console.log(`migrations applied to the ${handle.driver} database at ${handle.location}`);
  await handle.close();
} catch (error) {
  console.error(`db:migrate failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
