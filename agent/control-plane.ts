/**
 * The agent's side of the agent API (docs/api.md): register, heartbeat, report. Each call answers
 * its parsed JSON or throws a ControlPlaneError that says whether retrying can help.
 */

export interface Registration {
  agentId: string;
  epoch: number;
  approvalStatus: "pending" | "approved" | "rejected";
  token: string;
  installation: string;
  /** The installation's id, stamped (by the control plane's start payloads) on every object. */
  installationId?: string;
  sessionLabelKey: string;
  heartbeatIntervalSeconds: number;
}

export interface AgentCommand {
  id: number;
  type: "start_session" | "stop_session";
  attempt: number;
  payload: Record<string, unknown>;
}

export interface HeartbeatAnswer {
  epoch: number;
  approvalStatus: "pending" | "approved" | "rejected";
  commands: AgentCommand[];
  heartbeatIntervalSeconds: number;
  installation: string;
  sessionLabelKey: string;
}

export class ControlPlaneError extends Error {
  override name = "ControlPlaneError";
  constructor(
    message: string,
    /** HTTP status, or undefined when the control plane could not be reached. */
    readonly status: number | undefined,
    /** The error code of the JSON answer (`stale_epoch`, …). */
    readonly code: string | undefined,
  ) {
    super(message);
  }

  /** Network failures, 5xx and 429 may pass; anything else will not. */
  get retryable(): boolean {
    return this.status === undefined || this.status >= 500 || this.status === 429;
  }
}

export class ControlPlaneClient {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs = 30_000,
  ) {}

  register(bootstrapToken: string, body: { agentId: string; cluster: string; name?: string }) {
    return this.post<Registration>("/api/v1/agents/register", bootstrapToken, body);
  }

  heartbeat(token: string, body: { inventory: string[]; waitSeconds: number }, signal?: AbortSignal) {
    return this.post<HeartbeatAnswer>(
      "/api/v1/agents/heartbeat",
      token,
      body,
      signal,
      (body.waitSeconds + 10) * 1000,
    );
  }

  report(token: string, commandId: number, body: { status: "completed" | "failed"; error?: string }) {
    return this.post<{ duplicate: boolean }>(`/api/v1/agents/commands/${commandId}/result`, token, body);
  }

  private async post<T>(
    path: string,
    token: string,
    body: unknown,
    signal?: AbortSignal,
    timeoutMs = this.timeoutMs,
  ): Promise<T> {
    const timeout = AbortSignal.timeout(timeoutMs);
    let response: Response;
    try {
      response = await fetch(new URL(path, this.baseUrl), {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify(body),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (error) {
      const reason =
        error instanceof Error
          ? ((error.cause as Error | undefined)?.message ?? error.message)
          : String(error);
      throw new ControlPlaneError(
        `control plane unreachable at ${this.baseUrl}: ${reason}`,
        undefined,
        undefined,
      );
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!response.ok) {
      const error = (parsed as { error?: { code?: string; message?: string } } | undefined)?.error;
      throw new ControlPlaneError(
        `${path}: HTTP ${response.status}: ${error?.message ?? text.slice(0, 200)}`,
        response.status,
        error?.code,
      );
    }
    return parsed as T;
  }
}
