import "server-only";
import { deriveAgentConnection } from "@/lib/platform/agent-connection";
import type { Precondition } from "./store";
import type { Evidence } from "./types";

/**
 * The evidence a plan acted on, checked again in the transaction that ends the session: the
 * session is still in the state (since the same moment) the plan saw, and — where the action rests
 * on the agent's silence — the agent is still silent, read under a share lock so that a heartbeat
 * arriving now waits for this transaction or wins before it. Otherwise the write does not happen.
 */
export function evidenceStillHolds(
  evidence: Evidence,
  input: { now: () => Date; heartbeatTimeoutSeconds: number },
): Precondition {
  return async (tx, current) => {
    if (current.state !== evidence.state || current.stateChangedAt.toISOString() !== evidence.stateChangedAt)
      return `session is ${current.state} since ${current.stateChangedAt.toISOString()}, not ${evidence.state} since ${evidence.stateChangedAt} as planned`;
    if (!evidence.agentSilent) return undefined;
    const agent = await tx.readAgentLocked(evidence.agentSilent);
    if (agent && deriveAgentConnection(agent, input.now(), input.heartbeatTimeoutSeconds).connected)
      return `agent ${agent.id} is connected again (heartbeat at ${agent.lastHeartbeatAt?.toISOString()}): its silence is no longer evidence`;
    return undefined;
  };
}
