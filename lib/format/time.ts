import { formatDuration, secondsBetween } from "./duration";

/**
 * The dashboard states every absolute time in UTC, with the suffix: the server, the first client
 * render and every browser then print the same text, so hydration never meets a second time zone,
 * and two admins in different zones read the same clock (the audit log, `kubectl`, the logs).
 */

/** An instant, from a Date or an ISO string (what crosses the server/client boundary). */
export type Instant = Date | string;

const toDate = (at: Instant): Date => (typeof at === "string" ? new Date(at) : at);

/** `2026-12-03 13:15:08 UTC`. */
export function formatUtc(at: Instant): string {
  return `${toDate(at).toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/** How far ahead of `now` an instant may be and still read "0 s ago": the server's clock and the browser's differ a little, and the browser's is read in steps. */
export const clockSkewToleranceMs = 60_000;

/** `3 min ago`, or `in 3 min` for an instant well after `now` (a clock ahead of ours). */
export function formatRelative(at: Instant, now: Instant): string {
  const ms = toDate(now).getTime() - toDate(at).getTime();
  if (ms < -clockSkewToleranceMs) return `in ${formatDuration(-ms / 1000)}`;
  return `${formatDuration(Math.max(0, ms) / 1000)} ago`;
}

/** How long from `at` to `now`, for "for 12 min" and "disconnected 3 min": `12 min`. */
export function formatElapsed(at: Instant, now: Instant): string {
  return formatDuration(secondsBetween(toDate(at), toDate(now)));
}

/** How `<Time>` shows an instant: when it was, how long ago, or how long since. */
export type TimeFormat = "absolute" | "relative" | "elapsed";

/**
 * The text of `<Time>`. With no reference clock yet (the server and the first client render of a
 * time without a `now` from the server), the relative forms fall back to the absolute UTC text,
 * which is the same wherever it is rendered.
 */
export function deriveTimeText(format: TimeFormat, at: Instant, now: Instant | null): string {
  if (format === "absolute" || now === null) return formatUtc(at);
  return format === "relative" ? formatRelative(at, now) : formatElapsed(at, now);
}
