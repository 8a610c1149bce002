import pg from "pg";

/**
 * Rows written straight into a test app's scratch database, for pages that only read them (runs,
 * audit events, agents): what the reconciler and the guards would have written, without waiting
 * for 171 passes or 12 refusals.
 */
export async function withDatabase<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A run row as the reconciler stores it; counts and times from `run`, the rest defaults. */
export type SeedRun = {
  startedAt: Date;
  status?: string;
  durationMs?: number | null;
  driftCounts?: Record<string, number>;
  plan?: { type: string; sessionId: string; reason: string }[];
  outcomes?: { type: string; sessionId: string; status: string; detail: string; deleted: unknown[] }[];
  failedCount?: number;
};

/** Inserts runs in order (so ids rise with `startedAt`); answers their ids. */
export async function seedRuns(client: pg.Client, runs: SeedRun[]): Promise<number[]> {
  const ids: number[] = [];
  for (const run of runs) {
    const plan = run.plan ?? [];
    const outcomes = run.outcomes ?? [];
    const { rows } = await client.query<{ id: string }>(
      `insert into reconcile_runs (trigger, actor_id, dry_run, status, started_at, finished_at, duration_ms,
         drift_counts, plan, outcomes, planned_count, applied_count, failed_count)
       values ('cron', 'cron', false, $1, $2, $2, $3, $4, $5, $6, $7, $8, $9) returning id`,
      [
        run.status ?? "succeeded",
        run.startedAt,
        run.durationMs === undefined ? 100 : run.durationMs,
        JSON.stringify(run.driftCounts ?? {}),
        JSON.stringify(plan),
        JSON.stringify(outcomes),
        plan.length,
        outcomes.filter((o) => o.status === "applied").length,
        run.failedCount ?? outcomes.filter((o) => o.status === "failed").length,
      ],
    );
    ids.push(Number(rows[0]!.id));
  }
  return ids;
}

/** An audit event as the app records one. */
export type SeedAuditEvent = {
  at: Date;
  actorType: string;
  actorId: string;
  action: string;
  sessionId?: string;
  details?: Record<string, unknown>;
};

export async function seedAudit(client: pg.Client, events: SeedAuditEvent[]): Promise<void> {
  for (const e of events) {
    await client.query(
      `insert into audit_events (occurred_at, actor_type, actor_id, action, session_id, details)
       values ($1, $2, $3, $4, $5, $6)`,
      [e.at, e.actorType, e.actorId, e.action, e.sessionId ?? null, JSON.stringify(e.details ?? {})],
    );
  }
}
