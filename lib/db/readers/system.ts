import "server-only";
import { getDatabase, type DatabaseDriver } from "../client";
import { getServerVersion } from "../queries/system";

/** The process's database as the status page shows it; throws when it cannot be opened or asked. */
export async function getDatabaseStatus(): Promise<{
  driver: DatabaseDriver;
  location: string;
  serverVersion: string;
}> {
  const { db, driver, location } = await getDatabase();
  return { driver, location, serverVersion: await getServerVersion(db) };
}
