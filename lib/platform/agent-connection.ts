import type { DriftAgent } from "@/lib/drift/classify";

/** Whether an agent counts as connected at `now`: its last heartbeat is newer than the timeout. */
export function deriveAgentConnection(
  agent: { lastHeartbeatAt: Date | null; connectedAt: Date | null; disconnectedAt: Date | null },
  now: Date,
  heartbeatTimeoutSeconds: number,
): { connected: boolean; since: Date | null } {
  const last = agent.lastHeartbeatAt;
  if (!last) return { connected: false, since: null };
  const deadline = last.getTime() + heartbeatTimeoutSeconds * 1000;
  if (now.getTime() <= deadline) return { connected: true, since: agent.connectedAt ?? last };
  // Disconnected since the moment the heartbeat expired (recorded or not).
  return { connected: false, since: agent.disconnectedAt ?? new Date(deadline) };
}

/**
 * The agents as the drift classification sees them, by id: approval, cluster and connection at
 * `now`. The dashboard and the reconciler both take this map, so they judge agents alike.
 */
export function deriveDriftAgents(
  rows: readonly {
    id: string;
    cluster: string;
    approvalStatus: DriftAgent["approvalStatus"];
    lastHeartbeatAt: Date | null;
    connectedAt: Date | null;
    disconnectedAt: Date | null;
  }[],
  now: Date,
  heartbeatTimeoutSeconds: number,
): Map<string, DriftAgent> {
  return new Map(
    rows.map((a) => [
      a.id,
      {
        id: a.id,
        cluster: a.cluster,
        approvalStatus: a.approvalStatus,
        connection: deriveAgentConnection(a, now, heartbeatTimeoutSeconds),
      },
    ]),
  );
}
