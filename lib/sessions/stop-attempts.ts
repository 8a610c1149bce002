/** A session's stop commands as a person reads them: how many, whether one is open, the last error. */
export interface StopAttempts {
  attempts: number;
  open: boolean;
  lastAt: Date | null;
  /** The last failed or expired stop's error, as the agent (or the expiry) said it. */
  lastError: string | null;
}

type StopCommand = {
  type: string;
  status: string;
  createdAt: Date;
  finishedAt: Date | null;
  error: string | null;
};

/** The stop attempts of one session from its commands (any order). Pure. */
export function deriveStopAttempts(commands: readonly StopCommand[]): StopAttempts {
  const stops = commands.filter((c) => c.type === "stop_session");
  const sorted = [...stops].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const failed = sorted.filter((c) => c.status === "failed" || c.status === "expired");
  const last = sorted.at(-1);
  return {
    attempts: stops.length,
    open: stops.some((c) => c.status === "pending" || c.status === "dispatched"),
    lastAt: last ? (last.finishedAt ?? last.createdAt) : null,
    lastError: failed.at(-1)?.error ?? null,
  };
}
