/** Delay before retry number `attempt` (0-based): doubling from `baseMs`, capped, with ±20 % jitter. */
export function deriveBackoffMs(attempt: number, baseMs = 500, maxMs = 15_000, random = Math.random): number {
  const raw = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 20));
  return Math.round(raw * (0.8 + 0.4 * random()));
}
