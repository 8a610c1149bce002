import "server-only";
import { getEnv } from "@/lib/config/env";
import { onProcessDatabase } from "@/lib/db/process";
import { runHeartbeat } from "./heartbeat";
import { createSession, stopSession } from "./sessions";
import { derivePlatformSettings } from "./settings";

/** What every platform route needs: the validated env and the settings derived from it. */
export async function getPlatformContext() {
  const env = getEnv();
  return { env, settings: derivePlatformSettings(env) };
}

/**
 * The platform API's services on the process's database (lib/db holds it): the routes call
 * these; the services themselves take `db` first, as tests and the reconciler's store pass their own.
 */
export const platformServices = {
  createSession: onProcessDatabase(createSession),
  stopSession: onProcessDatabase(stopSession),
  runHeartbeat: onProcessDatabase(runHeartbeat),
};
