import { isFinalState, type SessionState } from "./state-machine";

/** A session row as the comparison needs it. */
export interface ComparedSession {
  id: string;
  state: SessionState;
  agentId: string;
}

/**
 * What an agent's inventory and our rows say of each other, counted for the audit log
 * (`agent.inventory_compared`), with the ids worth a look.
 */
export interface InventoryComparison {
  /** Ids the agent reported. */
  reported: number;
  /** Reported, and a session of ours not yet ended. */
  matched: number;
  /** Reported, but our row says ended (terminated or failed): ended-but-running. */
  endedButRunning: number;
  /** Ours, on this agent and `running`, but not reported (missing unless the cluster shows it). */
  missing: number;
  /** Reported with no row of ours: counted, never acted on — nothing says they are ours. */
  unknownToUs: number;
  endedButRunningIds: string[];
  missingIds: string[];
}

/** At most this many ids of each kind go into the audit event (the counts are always whole). */
const maxIdsListed = 20;

/**
 * Compares what an agent reports running with our rows: `rows` holds this agent's sessions not
 * yet ended and every row named in `reported` (whichever agent it is on). Pure.
 */
export function deriveInventoryComparison(input: {
  agentId: string;
  reported: readonly string[];
  rows: readonly ComparedSession[];
}): InventoryComparison {
  const reported = new Set(input.reported);
  const byId = new Map(input.rows.map((r) => [r.id, r]));
  let matched = 0;
  let unknownToUs = 0;
  const endedButRunningIds: string[] = [];
  for (const id of reported) {
    const row = byId.get(id);
    if (!row) unknownToUs++;
    else if (isFinalState(row.state)) endedButRunningIds.push(id);
    else matched++;
  }
  const missingIds = input.rows
    .filter((r) => r.agentId === input.agentId && r.state === "running" && !reported.has(r.id))
    .map((r) => r.id);
  endedButRunningIds.sort();
  missingIds.sort();
  return {
    reported: reported.size,
    matched,
    endedButRunning: endedButRunningIds.length,
    missing: missingIds.length,
    unknownToUs,
    endedButRunningIds: endedButRunningIds.slice(0, maxIdsListed),
    missingIds: missingIds.slice(0, maxIdsListed),
  };
}
