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
 * An agent's inventory when it is evidence: the agent is connected and sent it within the
 * heartbeat timeout (every heartbeat carries it; a long poll's end only touches the timestamp,
 * so a connected agent's report is at most the timeout plus one long poll old — we ask for the
 * timeout, stricter). Otherwise undefined: a stale list says nothing about now.
 */
export function deriveFreshInventory(
  agent: { inventory?: unknown; inventoryReportedAt?: Date | null },
  connected: boolean,
  now: Date,
  heartbeatTimeoutSeconds: number,
): DriftAgent["inventory"] {
  const reportedAt = agent.inventoryReportedAt;
  if (!connected || !reportedAt || !Array.isArray(agent.inventory)) return undefined;
  if (now.getTime() - reportedAt.getTime() > heartbeatTimeoutSeconds * 1000) return undefined;
  return { sessionIds: new Set(agent.inventory.filter((id) => typeof id === "string")), reportedAt };
}

/**
 * The agents as the drift classification sees them, by id: approval, cluster, connection and
 * fresh inventory at `now`. The dashboard and the reconciler both take this map, so they judge
 * agents alike.
 */
export function deriveDriftAgents(
  rows: readonly {
    id: string;
    cluster: string;
    approvalStatus: DriftAgent["approvalStatus"];
    lastHeartbeatAt: Date | null;
    connectedAt: Date | null;
    disconnectedAt: Date | null;
    inventory?: unknown;
    inventoryReportedAt?: Date | null;
  }[],
  now: Date,
  heartbeatTimeoutSeconds: number,
): Map<string, DriftAgent> {
  return new Map(
    rows.map((a) => {
      const connection = deriveAgentConnection(a, now, heartbeatTimeoutSeconds);
      const inventory = deriveFreshInventory(a, connection.connected, now, heartbeatTimeoutSeconds);
      return [
        a.id,
        {
          id: a.id,
          cluster: a.cluster,
          approvalStatus: a.approvalStatus,
          connection,
          ...(inventory ? { inventory } : {}),
        },
      ];
    }),
  );
}
