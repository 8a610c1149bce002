import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { mkdtemp, rm } from "node:fs/promises";
import { promisify } from "node:util";
import os from "node:os";
import path from "node:path";
import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, inject } from "vitest";
import { createScratchDatabase } from "@/test/support/postgres";
import { openDatabase, type DatabaseHandle } from "./client";
import { DatabaseUnavailableError } from "./errors";
import { auditEvents } from "./schema";

async function writeAndRead(handle: DatabaseHandle, marker: string) {
  await handle.db.insert(auditEvents).values({
    actorType: "system",
    actorId: "db-test",
    action: "test.written",
    details: { marker },
  });
  const rows = await handle.db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.action, "test.written"))
    .orderBy(desc(auditEvents.id));
  return rows;
}

describe("database layer on a real PostgreSQL server", () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  beforeAll(async () => {
    scratch = await createScratchDatabase(inject("testDatabaseUrl"));
  });
  afterAll(async () => {
    await scratch?.drop();
  });

  it("migrates an empty database, writes and reads", async () => {
    const handle = await openDatabase({ databaseUrl: scratch.url, dataDir: "unused" });
    try {
      expect(handle.driver).toBe("server");
      expect(handle.location).not.toContain(":session_reconciler@");
      const rows = await writeAndRead(handle, "first");
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ actorType: "system", details: { marker: "first" } });
      expect(rows[0]?.occurredAt).toBeInstanceOf(Date);
    } finally {
      await handle.close();
    }
  });

  it("applies migrations only once when reopened", async () => {
    const handle = await openDatabase({ databaseUrl: scratch.url, dataDir: "unused" });
    try {
      const rows = await writeAndRead(handle, "second");
      expect(rows.map((r) => r.details.marker)).toEqual(["second", "first"]);
    } finally {
      await handle.close();
    }
  });

  it("says which server is unreachable and what to run, instead of a stack trace", async () => {
    const attempt = openDatabase({
      databaseUrl: "postgres://u:secret@127.0.0.1:1/nothing",
      dataDir: "unused",
    });
    await expect(attempt).rejects.toBeInstanceOf(DatabaseUnavailableError);
    await expect(attempt).rejects.toThrow(/127\.0\.0\.1:1.*not reachable.*pg_ctlcluster/s);
    await expect(attempt).rejects.not.toThrow(/secret/);
  });
});

describe("database layer on embedded PGlite", () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "sr-pglite-"));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it("creates its directory, migrates, writes, reads, and keeps the rows across reopening", async () => {
    const nested = path.join(dataDir, "does", "not", "exist");
    const first = await openDatabase({ dataDir: nested });
    try {
      expect(first.driver).toBe("embedded");
      expect(first.location).toBe(path.join(nested, "pglite"));
      expect(await writeAndRead(first, "embedded")).toHaveLength(1);
    } finally {
      await first.close();
    }
    const again = await openDatabase({ dataDir: nested });
    try {
      const rows = await writeAndRead(again, "embedded-again");
      expect(rows.map((r) => r.details.marker)).toEqual(["embedded-again", "embedded"]);
    } finally {
      await again.close();
    }
  });

  it("refuses a second process on the same directory with a clear message, and takes over a dead one's lock", async () => {
    const shared = path.join(dataDir, "shared");
    const open = await openDatabase({ dataDir: shared });
    try {
      // `npm run db:migrate` (any script) beside a running app, on the same embedded database.
      const second = await promisify(execFile)(
        path.resolve("node_modules/.bin/tsx"),
        ["--conditions=react-server", "scripts/db-migrate.ts"],
        { env: { ...process.env, DATA_DIR: shared, DATABASE_URL: "" } },
      ).then(
        () => ({ code: 0, stderr: "" }),
        (error: { code: number; stderr: string }) => error,
      );
      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(
        new RegExp(
          `embedded database in .*pglite is open in process ${process.pid}: stop it first, or set DATABASE_URL`,
        ),
      );
      expect(await writeAndRead(open, "still-fine")).toHaveLength(1);
    } finally {
      await open.close();
    }
    // A lock left by a process that died (no such pid) does not keep the database closed.
    await writeFile(path.join(shared, "pglite.lock"), "999999999");
    const after = await openDatabase({ dataDir: shared });
    await after.close();
  });
});
