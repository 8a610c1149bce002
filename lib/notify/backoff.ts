/** How deliveries are retried: exponential backoff from a base, capped, for a number of attempts. */
export interface RetryPolicy {
  maxAttempts: number;
  /** The wait after the first failed attempt; doubled for each further one. */
  backoffSeconds: number;
  /** No wait is longer than this. */
  maxBackoffSeconds: number;
}

/**
 * When the next attempt is due after `attempt` attempts (1 = the first one failed), or null when
 * that was the last one: `now + backoffSeconds × 2^(attempt−1)`, capped at `maxBackoffSeconds`.
 * No jitter: the claim (FOR UPDATE SKIP LOCKED) already spreads the work over the replicas, and a
 * fixed schedule is one the docs and the tests can state.
 */
export function deriveNextAttemptAt(attempt: number, now: Date, policy: RetryPolicy): Date | null {
  if (attempt >= policy.maxAttempts) return null;
  const waitSeconds = Math.min(policy.maxBackoffSeconds, policy.backoffSeconds * 2 ** (attempt - 1));
  return new Date(now.getTime() + waitSeconds * 1000);
}

/** The retry policy from the environment (README "Configuration": WEBHOOK_*). */
export function deriveRetryPolicy(env: {
  WEBHOOK_MAX_ATTEMPTS: number;
  WEBHOOK_BACKOFF_SECONDS: number;
}): RetryPolicy {
  return {
    maxAttempts: env.WEBHOOK_MAX_ATTEMPTS,
    backoffSeconds: env.WEBHOOK_BACKOFF_SECONDS,
    maxBackoffSeconds: 3600,
  };
}
