import { platformToken, type ApiAnswer } from "./app-platform";
import type { Spawned } from "./processes";

/**
 * Freezes an agent process (SIGSTOP) while it waits in a heartbeat long poll, so a command queued
 * next is dispatched to it and never acted on — the incident's "agent deleted before it processed
 * the stop". A heartbeat's start is seen as a new `inventoryReportedAt`; the long poll then lasts
 * the agent's `--wait-seconds`, far longer than this takes to notice.
 */
export async function freezeInLongPoll(
  platform: { api: (method: string, path: string, options?: { token?: string }) => Promise<ApiAnswer> },
  agent: Spawned,
  agentId: string,
): Promise<void> {
  const reportedAt = async () => {
    const { body } = await platform.api("GET", "/api/v1/agents", { token: platformToken });
    return (body.agents as { id: string; inventoryReportedAt: string | null }[]).find((a) => a.id === agentId)
      ?.inventoryReportedAt;
  };
  const before = await reportedAt();
  const deadline = Date.now() + 30_000;
  while ((await reportedAt()) === before) {
    if (Date.now() > deadline) throw new Error(`${agentId} sent no heartbeat within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  process.kill(-agent.child.pid!, "SIGSTOP");
}

/** Waits until the control plane reports `agentId` as connected (or, with `want` false, not). */
export async function waitForAgentConnection(
  platform: { api: (method: string, path: string, options?: { token?: string }) => Promise<ApiAnswer> },
  agentId: string,
  want = true,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await platform.api("GET", "/api/v1/agents", { token: platformToken });
    const agent = (body.agents as { id: string; connection: { connected: boolean } }[] | undefined)?.find(
      (a) => a.id === agentId,
    );
    if (agent && agent.connection.connected === want) return;
    if (Date.now() > deadline)
      throw new Error(
        `${agentId} did not become ${want ? "connected" : "disconnected"} within ${timeoutMs} ms`,
      );
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
