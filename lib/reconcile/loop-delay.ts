/** The soonest an early pass runs after the last one, so a wrong clock never spins the loop. */
const minimumDelaySeconds = 2;

/**
 * How long the loop sleeps after a pass: its interval, or less when the pass named the moment an
 * agent's silence becomes evidence (`nextDueAt`) — so a dead agent's sessions are ended once the
 * evidence holds, not up to one more interval later (the incident's two-minute target).
 */
export function deriveLoopDelaySeconds(input: {
  intervalSeconds: number;
  nextDueAt?: string;
  now: Date;
}): number {
  if (!input.nextDueAt) return input.intervalSeconds;
  const dueSeconds = (new Date(input.nextDueAt).getTime() - input.now.getTime()) / 1000;
  if (!Number.isFinite(dueSeconds)) return input.intervalSeconds;
  return Math.min(input.intervalSeconds, Math.max(minimumDelaySeconds, Math.ceil(dueSeconds)));
}
