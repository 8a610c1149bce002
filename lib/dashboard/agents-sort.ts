import type { AgentSortKey } from "./list-queries";
import type { SortDirection } from "./table-query";

/** What sorting an agents row reads. */
export type SortableAgentRow = {
  agent: { id: string; approvalStatus: string; epoch: number; lastHeartbeatAt: Date | null };
  connection: { connected: boolean; since?: Date | null };
  stats?: { active: number; drifting: number } | undefined;
};

/** The value a column sorts by: disconnected before connected, never-seen heartbeats oldest. */
const sortValue: Record<AgentSortKey, (row: SortableAgentRow) => string | number> = {
  agent: (r) => r.agent.id,
  approval: (r) => r.agent.approvalStatus,
  connection: (r) => (r.connection.connected ? 1 : 0),
  epoch: (r) => r.agent.epoch,
  heartbeat: (r) => r.agent.lastHeartbeatAt?.getTime() ?? -Infinity,
  sessions: (r) => r.stats?.active ?? 0,
  drift: (r) => r.stats?.drifting ?? 0,
};

/** The agents sorted by `key` in `dir`; ties by id, A to Z, so the order is stable across refreshes. */
export function sortAgentRows<Row extends SortableAgentRow>(
  rows: readonly Row[],
  key: AgentSortKey,
  dir: SortDirection,
): Row[] {
  const value = sortValue[key];
  const sign = dir === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => {
    const [va, vb] = [value(a), value(b)];
    const primary = va < vb ? -1 : va > vb ? 1 : 0;
    return primary * sign || a.agent.id.localeCompare(b.agent.id);
  });
}
