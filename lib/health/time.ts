/**
 * Time helpers shared by the health derivations. Pure: the caller passes `now`.
 */

/**
 * A Kubernetes timestamp as a `Date`. The typed client deserializes timestamps to `Date`, but objects that came
 * through `JSON.parse` (fixtures, raw watch events) still carry RFC 3339 strings, so both are accepted.
 * Returns `undefined` for a missing or unparsable value rather than inventing a time.
 */
export function toDate(value: Date | string | null | undefined): Date | undefined {
  if (value === null || value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Whole seconds from `from` to `to`; negative when `from` is later. */
export function secondsBetween(from: Date, to: Date): number {
  return Math.floor((to.getTime() - from.getTime()) / 1000);
}
