import { deriveAgentConnection } from "@/lib/platform/agent-connection";

/** The agents at a glance: approved ones connected or silent, and those waiting for approval. */
export interface AgentHealth {
  connected: number;
  /** Approved, but no heartbeat within the timeout (or never). */
  silent: number;
  pending: number;
}

/** Counts the agents by health at `now`; rejected agents are not counted. Pure. */
export function deriveAgentHealth(
  agents: readonly {
    approvalStatus: "pending" | "approved" | "rejected";
    lastHeartbeatAt: Date | null;
    connectedAt: Date | null;
    disconnectedAt: Date | null;
  }[],
  now: Date,
  heartbeatTimeoutSeconds: number,
): AgentHealth {
  const health: AgentHealth = { connected: 0, silent: 0, pending: 0 };
  for (const agent of agents) {
    if (agent.approvalStatus === "pending") health.pending++;
    if (agent.approvalStatus !== "approved") continue;
    if (deriveAgentConnection(agent, now, heartbeatTimeoutSeconds).connected) health.connected++;
    else health.silent++;
  }
  return health;
}
