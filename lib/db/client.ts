import "server-only";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { Pool } from "pg";
import { getEnv } from "@/lib/config/env";
import { explainConnectionError, MigrationError, redactDatabaseUrl } from "./errors";
import { lockDirectory } from "./directory-lock";
import * as schema from "./schema";

/** The drizzle database, whichever driver is behind it. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export type DatabaseDriver = "server" | "embedded";

export interface DatabaseHandle {
  db: Database;
  /** `server`: PostgreSQL through node-postgres; `embedded`: PGlite in the data directory. */
  driver: DatabaseDriver;
  /** Where it lives, safe to show: the URL without its password, or the directory. */
  location: string;
  /**
   * `server` only: the node-postgres pool behind `db`, for lib/db's own stores that speak SQL
   * through a pool (the failure limiter, lib/db/failure-limiter.ts).
   */
  pool?: Pool;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** A postgres:// URL; absent → embedded PGlite in `dataDir`. */
  databaseUrl?: string;
  /** Parent of the embedded database's directory (`<dataDir>/pglite`). */
  dataDir: string;
  /** Apply pending migrations before returning (default true). */
  migrate?: boolean;
}

const migrationsFolder = path.join(process.cwd(), "drizzle");

/**
 * Opens a database and applies pending migrations. Callers in the app use {@link getDatabase};
 * this is exported for tests and scripts that need a handle of their own.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  const handle = options.databaseUrl
    ? await openServer(options.databaseUrl)
    : await openEmbedded(path.join(options.dataDir, "pglite"));
  if (options.migrate ?? true) {
    try {
      await applyMigrations(handle, options.databaseUrl);
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw error;
    }
  }
  return handle;
}

async function openServer(url: string): Promise<DatabaseHandle> {
  const { Pool } = await import("pg");
  const { drizzle } = await import("drizzle-orm/node-postgres");
  const location = redactDatabaseUrl(url);
  // No statement waits for ever: a lock held elsewhere or a stuck server fails the call, the
  // caller's error path decides (a pass records it; the next one tries again).
  const pool = new Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: 5_000,
    statement_timeout: 60_000,
    lock_timeout: 30_000,
    idle_in_transaction_session_timeout: 120_000,
  });
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on("error", () => undefined);
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw explainConnectionError(error, location);
  }
  return {
    db: drizzle(pool, { schema }) as unknown as Database,
    driver: "server",
    location,
    pool,
    close: () => pool.end(),
  };
}

async function openEmbedded(directory: string): Promise<DatabaseHandle> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  await mkdir(directory, { recursive: true });
  const release = lockDirectory(directory);
  let client;
  try {
    client = await PGlite.create(directory);
  } catch (error) {
    release();
    throw error;
  }
  return {
    db: drizzle(client, { schema }) as unknown as Database,
    driver: "embedded",
    location: directory,
    close: () => client.close().finally(release),
  };
}

/** Any number; the same in every process, so that one migrates while the others wait. */
const migrationLockKey = 727_001;

async function applyMigrations(handle: DatabaseHandle, databaseUrl: string | undefined): Promise<void> {
  try {
    if (handle.driver === "server") {
      // Replicas starting at once on an empty database: one migrates under a session advisory
      // lock on a connection of its own; the others wait, then find nothing left to do.
      const { Client } = await import("pg");
      const { drizzle } = await import("drizzle-orm/node-postgres");
      const { migrate } = await import("drizzle-orm/node-postgres/migrator");
      const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
      await client.connect();
      try {
        await client.query("select pg_advisory_lock($1)", [migrationLockKey]);
        await migrate(drizzle(client, { schema }) as never, { migrationsFolder });
      } finally {
        await client.query("select pg_advisory_unlock($1)", [migrationLockKey]).catch(() => undefined);
        await client.end().catch(() => undefined);
      }
    } else {
      const { migrate } = await import("drizzle-orm/pglite/migrator");
      await migrate(handle.db as never, { migrationsFolder });
    }
  } catch (error) {
    const err = explainConnectionError(error, handle.location);
    if (err.name === "DatabaseUnavailableError") throw err;
    const cause = (error as { cause?: { message?: string } }).cause?.message;
    throw new MigrationError(
      `Applying the migrations in ${migrationsFolder} to ${handle.location} failed: ${cause ?? err.message}`,
      { cause: error },
    );
  }
}

// One handle per process, kept on globalThis so Next's module reloading in dev does not open a
// second PGlite on the same directory. A failed open is not cached: the next call tries again.
const globalForDb = globalThis as typeof globalThis & { __sessionReconcilerDb?: Promise<DatabaseHandle> };

/** The process's database, opened and migrated on first use. */
export function getDatabase(): Promise<DatabaseHandle> {
  if (!globalForDb.__sessionReconcilerDb) {
    const env = getEnv();
    const opening = openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.dataDir });
    globalForDb.__sessionReconcilerDb = opening;
    opening.catch(() => {
      if (globalForDb.__sessionReconcilerDb === opening) globalForDb.__sessionReconcilerDb = undefined;
    });
  }
  return globalForDb.__sessionReconcilerDb;
}
