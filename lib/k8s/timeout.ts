/** The API server answers within this, or the call counts as failed (a paused or partitioned server). */
export const kubernetesCallTimeoutMs = 15_000;

/**
 * Waits for `promise` at most `ms`: past it, rejects with a message naming `what`. The request
 * itself may still finish later; callers treat the result as unknown and decide again next time.
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer from the API server in ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
