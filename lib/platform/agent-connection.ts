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
