import type { ClassMode } from "@/lib/config/class-modes";
import { formatDuration } from "@/lib/format/duration";
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

/**
 * What rejecting or revoking an agent does to its sessions, said before an admin confirms: it can
 * no longer heartbeat, so its sessions count as lost once the timeout and the grace have passed.
 */
export function describeAgentCutOff(input: {
  active: number;
  heartbeatTimeoutSeconds: number;
  graceSeconds: number;
  agentLostMode: ClassMode;
}): string {
  if (input.active === 0) return "It holds no active sessions.";
  const sessions = `${input.active} active session${input.active === 1 ? "" : "s"}`;
  const lose = input.active === 1 ? "loses its agent" : "lose their agent";
  const after = formatDuration(input.heartbeatTimeoutSeconds + input.graceSeconds);
  switch (input.agentLostMode) {
    case "automatic":
      return `Its ${sessions} ${lose}: about ${after} after its last heartbeat the reconciler ends them as agent-lost and deletes their Deployments, Services and pods.`;
    case "quarantine":
      return `Its ${sessions} ${lose}: about ${after} after its last heartbeat the reconciler ends them as agent-lost and quarantines their Deployments (scaled to 0, deleted after QUARANTINE_SECONDS unless restored).`;
    case "manual":
      return `Its ${sessions} ${lose}: about ${after} after its last heartbeat they show as agent-lost, for a person to end.`;
    case "off":
      return `Its ${sessions} ${lose}; agent-lost is switched off, so they keep running unmanaged.`;
  }
}
