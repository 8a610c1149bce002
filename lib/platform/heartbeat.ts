import "server-only";
import type { Database } from "@/lib/db/client";
import { getAgentHold, recordHeartbeat, touchHeartbeat } from "@/lib/db/queries/agents";
import { recordAlive } from "@/lib/db/queries/installation";
import { dispatchPendingCommands, expireUnreportedCommands } from "@/lib/db/queries/commands";
import type { AgentCommandRow, AgentRow } from "@/lib/db/schema";
import type { PlatformSettings } from "./settings";

/** A command as the agent receives it. */
export interface WireCommand {
  id: number;
  type: AgentCommandRow["type"];
  attempt: number;
  payload: Record<string, unknown>;
}

export interface HeartbeatAnswer {
  agentId: string;
  epoch: number;
  approvalStatus: AgentRow["approvalStatus"];
  commands: WireCommand[];
  /** How often to heartbeat when no command is waiting (well inside the timeout). */
  heartbeatIntervalSeconds: number;
  /** What the agent needs to label and find its objects. */
  installation: string;
  sessionLabelKey: string;
}

const pollIntervalMs = 500;
const maxCommandsPerHeartbeat = 50;

/**
 * One heartbeat: records it with the inventory, expires the agent's commands that will never be
 * reported, and — for an approved agent — dispatches its pending commands. With `waitSeconds`
 * it long-polls until a command arrives, the wait ends, the client goes away, or the agent is
 * re-registered or loses its approval meanwhile.
 */
export async function runHeartbeat(
  db: Database,
  input: {
    agent: AgentRow;
    inventory: string[];
    waitSeconds: number;
    settings: PlatformSettings;
    signal: AbortSignal;
    clock: () => Date;
  },
): Promise<HeartbeatAnswer> {
  const { agent, settings, clock } = input;
  await recordHeartbeat(db, {
    agent,
    inventory: input.inventory,
    now: clock(),
    heartbeatTimeoutSeconds: settings.heartbeatTimeoutSeconds,
  });
  // Hearing an agent is proof this installation is alive (see deriveSilenceHolds).
  await recordAlive(db, { now: clock(), heartbeatTimeoutSeconds: settings.heartbeatTimeoutSeconds });
  await expireUnreportedCommands(db, {
    agentId: agent.id,
    currentEpoch: agent.epoch,
    now: clock(),
    dispatchTimeoutSeconds: settings.commandDispatchTimeoutSeconds,
    maxAttempts: settings.commandMaxAttempts,
    actor: { type: "system", id: "heartbeat" },
  });

  const waitMs = Math.min(input.waitSeconds, settings.heartbeatMaxWaitSeconds) * 1000;
  const deadline = clock().getTime() + waitMs;
  let approvalStatus = agent.approvalStatus;
  let commands: AgentCommandRow[] = [];
  for (;;) {
    if (approvalStatus === "approved") {
      commands = await dispatchPendingCommands(db, {
        agent,
        now: clock(),
        limit: maxCommandsPerHeartbeat,
      });
    }
    if (commands.length > 0 || clock().getTime() + pollIntervalMs > deadline || input.signal.aborted) break;
    await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
    const fresh = await getAgentHold(db, agent.id);
    if (
      !fresh ||
      fresh.epoch !== agent.epoch ||
      fresh.credentialHash !== agent.credentialHash ||
      fresh.approvalStatus === "rejected"
    )
      break;
    approvalStatus = fresh.approvalStatus;
  }
  if (waitMs > 0 && !input.signal.aborted) await touchHeartbeat(db, agent, clock());

  return {
    agentId: agent.id,
    epoch: agent.epoch,
    approvalStatus,
    commands: commands.map((c) => ({ id: c.id, type: c.type, attempt: c.attempt, payload: c.payload })),
    heartbeatIntervalSeconds: Math.max(1, Math.floor(settings.heartbeatTimeoutSeconds / 3)),
    installation: settings.installation,
    sessionLabelKey: settings.sessionLabelKey,
  };
}
