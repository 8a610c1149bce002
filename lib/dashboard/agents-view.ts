import { driftClasses, type DriftClass } from "@/lib/drift/types";
import { isFinalState } from "@/lib/sessions/state-machine";
import type { SessionRowView } from "./session-rows";

/** Per agent: how many sessions it holds, and how many of them drift, by class. */
export function summarizeRowsByAgent(rows: SessionRowView[]) {
  const byAgent = new Map<
    string,
    { active: number; drifting: number; byClass: Record<DriftClass, number> }
  >();
  for (const row of rows) {
    if (!row.agentId) continue;
    let entry = byAgent.get(row.agentId);
    if (!entry) {
      entry = {
        active: 0,
        drifting: 0,
        byClass: Object.fromEntries(driftClasses.map((c) => [c, 0])) as Record<DriftClass, number>,
      };
      byAgent.set(row.agentId, entry);
    }
    if (row.state && !isFinalState(row.state)) entry.active++;
    if (row.drift.length > 0) entry.drifting++;
    for (const d of row.drift) entry.byClass[d.driftClass]++;
  }
  return byAgent;
}
