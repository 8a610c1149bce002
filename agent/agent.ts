import type { KubeConfig } from "@kubernetes/client-node";
import { deriveManagedSelector, AGENT_LABEL } from "@/lib/k8s/labels";
import { listSessionIdsByDeployment } from "@/lib/k8s/session-objects";
import { deriveBackoffMs } from "./backoff";
import { ControlPlaneClient, ControlPlaneError, type AgentCommand, type Registration } from "./control-plane";
import { executeCommand } from "./executor";

export interface AgentOptions {
  agentId: string;
  cluster: string;
  controlPlaneUrl: string;
  bootstrapToken: string;
  kubeConfig: KubeConfig;
  waitSeconds: number;
  log: (level: "info" | "warn" | "error", msg: string, fields?: Record<string, unknown>) => void;
}

/** Why the agent stopped: asked to (SIGTERM), replaced by a newer process, or refused. */
export type AgentExit = { reason: "stopped" } | { reason: "replaced" | "refused"; message: string };

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
  });

/**
 * The reference agent: registers, then heartbeats with its inventory (long-polling for commands),
 * carries each command out against the cluster and reports the result. Backs off while the control
 * plane is unreachable; stops for good when it learns it was replaced (stale epoch) or refused.
 */
export class Agent {
  private readonly client: ControlPlaneClient;
  private readonly stopping = new AbortController();
  private registration: Registration | undefined;
  private inventory: string[] = [];

  constructor(private readonly options: AgentOptions) {
    this.client = new ControlPlaneClient(options.controlPlaneUrl);
  }

  /** Asks the loop to finish: the command in hand is completed and reported, then it returns. */
  stop(): void {
    this.stopping.abort();
  }

  async run(): Promise<AgentExit> {
    const signal = this.stopping.signal;
    let failures = 0;
    while (!signal.aborted) {
      try {
        if (!this.registration) await this.register();
        await this.heartbeatOnce();
        failures = 0;
      } catch (error) {
        if (signal.aborted) break;
        const exit = this.classify(error);
        if (exit) return exit;
        const delayMs = deriveBackoffMs(failures++);
        this.options.log("warn", "control plane call failed; backing off", {
          error: error instanceof Error ? error.message : String(error),
          retryInMs: delayMs,
        });
        await sleep(delayMs, signal);
      }
    }
    this.options.log("info", "stopped");
    return { reason: "stopped" };
  }

  private classify(error: unknown): AgentExit | undefined {
    if (!(error instanceof ControlPlaneError) || error.retryable) return undefined;
    if (error.code === "stale_epoch") return { reason: "replaced", message: error.message };
    if (error.status === 401 && this.registration) {
      // Our credential stopped working (revoked or superseded): register again once.
      this.registration = undefined;
      return undefined;
    }
    return { reason: "refused", message: error.message };
  }

  private async register(): Promise<void> {
    const { agentId, cluster, bootstrapToken } = this.options;
    this.registration = await this.client.register(bootstrapToken, { agentId, cluster });
    this.options.log("info", "registered", {
      epoch: this.registration.epoch,
      approvalStatus: this.registration.approvalStatus,
    });
  }

  private async heartbeatOnce(): Promise<void> {
    const registration = this.registration!;
    await this.refreshInventory(registration);
    const answer = await this.client.heartbeat(
      registration.token,
      { inventory: this.inventory, waitSeconds: this.options.waitSeconds },
      this.stopping.signal,
    );
    for (const command of answer.commands) {
      await this.carryOut(registration, command);
    }
    if (answer.commands.length === 0 && this.options.waitSeconds === 0) {
      await sleep(answer.heartbeatIntervalSeconds * 1000, this.stopping.signal);
    }
  }

  private async carryOut(registration: Registration, command: AgentCommand): Promise<void> {
    this.options.log("info", "executing command", {
      commandId: command.id,
      type: command.type,
      attempt: command.attempt,
    });
    const outcome = await executeCommand(this.options.kubeConfig, command);
    // A result must not be lost to a passing network error: retry it a few times before giving
    // up (the control plane then expires the command and queues it again).
    for (let attempt = 0; ; attempt++) {
      try {
        await this.client.report(registration.token, command.id, outcome);
        this.options.log(outcome.status === "completed" ? "info" : "warn", "reported command", {
          commandId: command.id,
          ...outcome,
        });
        return;
      } catch (error) {
        if (!(error instanceof ControlPlaneError) || !error.retryable || attempt >= 4) throw error;
        await sleep(deriveBackoffMs(attempt), new AbortController().signal);
      }
    }
  }

  private async refreshInventory(registration: Registration): Promise<void> {
    try {
      this.inventory = await listSessionIdsByDeployment(this.options.kubeConfig, {
        labelSelector: `${deriveManagedSelector(registration.installation)},${AGENT_LABEL}=${this.options.agentId}`,
        sessionLabelKey: registration.sessionLabelKey,
      });
    } catch (error) {
      // Keep reporting the last inventory we know rather than an empty one.
      this.options.log("warn", "could not list this agent's deployments", {
        error: error instanceof Error ? error.message.split("\n")[0] : String(error),
      });
    }
  }
}
