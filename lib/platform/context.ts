import "server-only";
import { getEnv } from "@/lib/config/env";
import { getDatabase } from "@/lib/db/client";
import { derivePlatformSettings } from "./settings";

/** What every platform route needs: the database, the validated env and the settings. */
export async function getPlatformContext() {
  const env = getEnv();
  const { db } = await getDatabase();
  return { db, env, settings: derivePlatformSettings(env) };
}
