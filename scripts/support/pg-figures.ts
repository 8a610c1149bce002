/**
 * What the heartbeat benchmark reads from PostgreSQL: per-table counters of one database
 * (pg_stat_user_tables, pg_statio_user_tables) and the WAL position, snapshotted and subtracted.
 * Pure apart from `readTableCounters` and `readWalLsn`.
 */
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import type pg from "pg";

export interface TableCounters {
  inserted: number;
  updated: number;
  hotUpdated: number;
  deleted: number;
  /** Rows read: seq_tup_read + idx_tup_fetch. */
  rowsRead: number;
  /** Buffers touched (hit or read) in the table, its TOAST table and the TOAST index. */
  heapBlocks: number;
  toastBlocks: number;
}

export type Counters = Record<string, TableCounters>;

export async function readTableCounters(client: pg.Client): Promise<Counters> {
  // A fresh statistics snapshot each time (the default caches it for the transaction).
  await client.query("select pg_stat_clear_snapshot()");
  const { rows } = await client.query<{
    relname: string;
    ins: string;
    upd: string;
    hot: string;
    del: string;
    read: string;
    heap: string;
    toast: string;
  }>(
    `select s.relname, s.n_tup_ins as ins, s.n_tup_upd as upd, s.n_tup_hot_upd as hot, s.n_tup_del as del,
            coalesce(s.seq_tup_read, 0) + coalesce(s.idx_tup_fetch, 0) as read,
            coalesce(io.heap_blks_hit, 0) + coalesce(io.heap_blks_read, 0) as heap,
            coalesce(io.toast_blks_hit, 0) + coalesce(io.toast_blks_read, 0)
              + coalesce(io.tidx_blks_hit, 0) + coalesce(io.tidx_blks_read, 0) as toast
       from pg_stat_user_tables s join pg_statio_user_tables io using (relid)`,
  );
  return Object.fromEntries(
    rows.map((r) => [
      r.relname,
      {
        inserted: Number(r.ins),
        updated: Number(r.upd),
        hotUpdated: Number(r.hot),
        deleted: Number(r.del),
        rowsRead: Number(r.read),
        heapBlocks: Number(r.heap),
        toastBlocks: Number(r.toast),
      },
    ]),
  );
}

/** `after - before`, per table, leaving out tables nothing happened to. */
export function deriveCounterDiff(before: Counters, after: Counters): Counters {
  const diff: Counters = {};
  for (const [table, a] of Object.entries(after)) {
    const b = before[table];
    const d = Object.fromEntries(
      Object.entries(a).map(([key, value]) => [key, value - (b?.[key as keyof TableCounters] ?? 0)]),
    ) as unknown as TableCounters;
    if (Object.values(d).some((v) => v !== 0)) diff[table] = d;
  }
  return diff;
}

export function sumCounters(counters: Counters): TableCounters {
  const total: TableCounters = {
    inserted: 0,
    updated: 0,
    hotUpdated: 0,
    deleted: 0,
    rowsRead: 0,
    heapBlocks: 0,
    toastBlocks: 0,
  };
  for (const c of Object.values(counters))
    for (const key of Object.keys(total) as (keyof TableCounters)[]) total[key] += c[key];
  return total;
}

/** The flushed WAL position (pg_walinspect refuses to read past it; the write position may be). */
export async function readWalLsn(client: pg.Client): Promise<string> {
  const { rows } = await client.query<{ lsn: string }>("select pg_current_wal_flush_lsn()::text as lsn");
  return rows[0]!.lsn;
}

export async function walBytesBetween(client: pg.Client, from: string, to: string): Promise<number> {
  const { rows } = await client.query<{ bytes: string }>(
    "select pg_wal_lsn_diff($2::pg_lsn, $1::pg_lsn) as bytes",
    [from, to],
  );
  return Number(rows[0]!.bytes);
}

const run = promisify(execFile);

/**
 * The WAL of one database between two positions: records whose blocks are in it, plus the commit
 * records of their transactions. pg_current_wal_lsn() is the whole server's, and other runs share
 * this server; this is ours alone. Needs pg_walinspect and a superuser, so it goes through
 * `psql` as the `postgres` OS user (root on our machines); undefined when that is not possible.
 */
export async function databaseWalBytes(
  database: string,
  from: string,
  to: string,
): Promise<number | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const query = `
    with records as (
      select xid, record_length, block_ref, resource_manager
        from pg_get_wal_records_info('${from}', '${to}')),
    db as (select '%/' || oid || '/%' as pattern from pg_database where datname = current_database()),
    ours as (select distinct xid from records, db where block_ref like db.pattern and xid <> 0)
    select coalesce(sum(record_length), 0) from records r, db
     where r.block_ref like db.pattern
        or (r.resource_manager = 'Transaction' and r.xid in (select xid from ours))`;
  try {
    const { stdout } = await run("runuser", psqlAsPostgres(database, query, "-At", "-v", "ON_ERROR_STOP=1"), {
      encoding: "utf8",
    });
    return Number(stdout.trim());
  } catch (error) {
    console.error(`[bench] pg_walinspect failed: ${(error as { stderr?: string }).stderr ?? String(error)}`);
    return undefined;
  }
}

/**
 * Sums {@link databaseWalBytes} a slice at a time. The other runs on this server create and drop
 * databases, each a checkpoint: a segment may be gone a few seconds after it was written, so the
 * WAL is read every `sliceMs` while it is still there. Slices that could not be read are counted.
 */
export class DatabaseWalMeter {
  bytes = 0;
  lostSlices = 0;
  slices = 0;
  private timer: NodeJS.Timeout | undefined;
  private pending: Promise<void> = Promise.resolve();

  constructor(
    private readonly database: string,
    private readonly readLsn: () => Promise<string>,
    private lsn: string,
  ) {}

  start(sliceMs = 2_000) {
    this.timer = setInterval(() => void this.read(), sliceMs);
  }

  /** Reads up to now; answers the total so far. */
  async read(): Promise<number> {
    this.pending = this.pending.then(async () => {
      const to = await this.readLsn();
      const bytes = await databaseWalBytes(this.database, this.lsn, to);
      this.slices++;
      if (bytes === undefined) this.lostSlices++;
      else this.bytes += bytes;
      this.lsn = to;
    });
    await this.pending;
    return this.bytes;
  }

  stop() {
    clearInterval(this.timer);
  }
}

/** `runuser`'s arguments for running `sql` in `database` with psql as the postgres superuser. */
const psqlAsPostgres = (database: string, sql: string, ...flags: string[]) => [
  ...["-u", "postgres", "--", "psql", "-X", ...flags],
  ...["-p", "5432", "-d", database, "-c", sql],
];

/** Creates pg_walinspect in the (fresh) benchmark database; false when it cannot. */
export function enableWalInspect(database: string): boolean {
  if (process.getuid?.() !== 0) return false;
  try {
    execFileSync("runuser", psqlAsPostgres(database, "create extension if not exists pg_walinspect", "-q"), {
      stdio: "ignore",
    });
    return true;
  } catch {
    return false;
  }
}
