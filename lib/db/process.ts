import "server-only";
import { getDatabase, type Database } from "./client";

/**
 * A query bound to the process's database ({@link getDatabase}), opened on first use. The readers
 * and writers of lib/db are made of these, so that pages, actions and server code never hold the
 * database themselves; the query keeps taking `db` first (tests and scripts pass their own).
 */
export function onProcessDatabase<A extends unknown[], R>(
  query: (db: Database, ...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  return async (...args) => query((await getDatabase()).db, ...args);
}
