import type { KubeConfig } from "@kubernetes/client-node";
import { deriveManagedSelector, AGENT_LABEL } from "@/lib/k8s/model/labels";
import { listSessionIdsByDeployment } from "@/lib/k8s/session-objects";
import { kubernetesCallTimeoutMs, withTimeout } from "@/lib/k8s/timeout";
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
/** How long the first heartbeat waits for the first inventory list (see heartbeatOnce). */
const firstInventoryWaitMs = 3_000;

export class Agent {
  private readonly client: ControlPlaneClient;
  private readonly stopping = new AbortController();
  private registration: Registration | undefined;
  private inventory: string[] = [];
  private inventoryRefresh: Promise<void> | undefined;
  /** Whether an inventory was ever listed: until then the heartbeat would report none at all. */
  private inventoryListed = false;

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
      installationId: this.registration.installationId,
    });
  }

  private async heartbeatOnce(): Promise<void> {
    const registration = this.registration!;
    // The inventory is listed beside the heartbeat, never before it: a hanging API server must
    // not keep this agent from saying it is alive (it sends the last inventory it knows).
    this.inventoryRefresh ??= this.refreshInventory(registration).finally(
      () => (this.inventoryRefresh = undefined),
    );
    // The first heartbeat (after a start, the one after a silence the control plane compares
    // with its sessions) waits a moment for a real list rather than report an empty one; never
    // longer than that, so a hanging API server still cannot keep this agent silent.
    if (!this.inventoryListed)
      await Promise.race([this.inventoryRefresh, sleep(firstInventoryWaitMs, this.stopping.signal)]);
    const answer = await this.client.heartbeat(
      registration.token,
      { inventory: this.inventory, waitSeconds: this.options.waitSeconds },
      this.stopping.signal,
    );
    await this.carryOutAll(registration, answer.commands, answer.heartbeatIntervalSeconds);
    if (answer.commands.length === 0 && this.options.waitSeconds === 0) {
      await sleep(answer.heartbeatIntervalSeconds * 1000, this.stopping.signal);
    }
  }

  /**
   * Works a batch of commands while heartbeating on its own timer, so that a slow API server or
   * admission webhook never makes this agent look gone (and its running sessions lost). Commands a
   * keep-alive heartbeat brings are worked in the same batch.
   */
  private async carryOutAll(registration: Registration, commands: AgentCommand[], intervalSeconds: number) {
    if (commands.length === 0) return;
    const queue = [...commands];
    let inFlight = false;
    const keepAlive = setInterval(
      () => {
        if (inFlight || this.stopping.signal.aborted) return;
        inFlight = true;
        this.client
          .heartbeat(registration.token, { inventory: this.inventory, waitSeconds: 0 }, this.stopping.signal)
          .then((answer) => queue.push(...answer.commands))
          .catch((error: unknown) =>
            // The next heartbeat of the main loop classifies the failure (replaced, refused, backoff).
            this.options.log("warn", "keep-alive heartbeat failed", {
              error: error instanceof Error ? error.message : String(error),
            }),
          )
          .finally(() => (inFlight = false));
      },
      Math.max(1, intervalSeconds) * 1000,
    );
    try {
      for (let command = queue.shift(); command; command = queue.shift())
        await this.carryOut(registration, command);
    } finally {
      clearInterval(keepAlive);
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
        // A refusal of this one result (withdrawn, finished, unknown) is about this command only:
        // logged, and the batch goes on. A lost credential is the next heartbeat's to find out.
        if (error instanceof ControlPlaneError && !error.retryable && error.status !== 401) {
          this.options.log("warn", "the control plane did not take this result", {
            commandId: command.id,
            error: error.message,
          });
          return;
        }
        if (!(error instanceof ControlPlaneError) || !error.retryable || attempt >= 4) throw error;
        await sleep(deriveBackoffMs(attempt), new AbortController().signal);
      }
    }
  }

  private async refreshInventory(registration: Registration): Promise<void> {
    try {
      this.inventory = await withTimeout(
        listSessionIdsByDeployment(this.options.kubeConfig, {
          labelSelector: `${deriveManagedSelector(registration.installation)},${AGENT_LABEL}=${this.options.agentId}`,
          sessionLabelKey: registration.sessionLabelKey,
        }),
        kubernetesCallTimeoutMs,
        "list this agent's deployments",
      );
      this.inventoryListed = true;
    } catch (error) {
      // Keep reporting the last inventory we know rather than an empty one.
      this.options.log("warn", "could not list this agent's deployments", {
        error: error instanceof Error ? error.message.split("\n")[0] : String(error),
      });
    }
  }
}
