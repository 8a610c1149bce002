import pg from "pg";
import type { SessionState } from "@/lib/sessions/state-machine";

/** A session row as the platform would have written it (the scratch database of one spec). */
export interface SeedSession {
  id: string;
  state: SessionState;
  /** How long ago it entered its state. */
  ageSeconds?: number;
  userId?: string;
}

/**
 * Writes an approved agent and session rows straight into a spec's own scratch database: the
 * states a table test needs (ended, hibernated, dozens of rows) without driving an agent through
 * each. The app reads them as it reads any row; nothing of the app is bypassed but the writing.
 */
export async function seedSessions(
  databaseUrl: string,
  input: { agentId: string; namespace: string; sessions: SeedSession[] },
): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      `insert into agents (id, name, cluster, approval_status) values ($1, $1, 'local', 'approved')
       on conflict (id) do nothing`,
      [input.agentId],
    );
    for (const s of input.sessions) {
      const ended = s.state === "terminated" || s.state === "failed";
      await client.query(
        `insert into sessions (id, user_id, template, namespace, agent_id, state, state_changed_at, terminated_at, termination_reason)
         values ($1, $2, 'registry.example/workspace:1', $3, $4, $5, now() - make_interval(secs => $6::int),
                 case when $7::boolean then now() - make_interval(secs => $6::int) end,
                 case when $7::boolean then 'user_requested' end)`,
        [s.id, s.userId ?? "alice", input.namespace, input.agentId, s.state, s.ageSeconds ?? 60, ended],
      );
    }
  } finally {
    await client.end();
  }
}

/** A session id from a prefix of letters and a number: `s-` and 12 characters, as the platform makes them. */
export const seedId = (prefix: string, n: number) =>
  `s-${prefix}${String(n).padStart(12 - prefix.length, "0")}`;
