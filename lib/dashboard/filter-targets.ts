import { filterSessionRows, type SessionsFilter } from "./query";
import type { SessionRowView } from "./session-rows";

/**
 * The most sessions one bulk action over a filter may act on. Past it the person narrows the
 * filter: a click that reaches thousands of sessions is a reconcile pass's job (with its
 * blast-radius limit), not a dialog's.
 */
export const bulkOverFilterCap = 1_000;

/** The sessions a bulk action over a filter acts on, or why it refuses to act at all. */
export type FilterTargets = { ok: true; sessionIds: string[] } | { ok: false; refusal: string };

const sessionsWord = (n: number) => `${n.toLocaleString("en-US")} session${n === 1 ? "" : "s"}`;

/**
 * Resolves `filter` over the rows as they are now and checks them against what the person
 * confirmed: the count they typed must be the count the filter matches now (a filter that grew or
 * shrank since they looked is refused, with the new count), and it must be at most `cap`. Pure.
 */
export function deriveFilterTargets(
  rows: SessionRowView[],
  filter: SessionsFilter,
  confirmCount: number,
  cap: number = bulkOverFilterCap,
): FilterTargets {
  const matched = filterSessionRows(rows, { ...filter, sort: "severity", dir: "desc" }).rows;
  if (matched.length > cap) {
    return {
      ok: false,
      refusal: `the filter matches ${sessionsWord(matched.length)}; at most ${cap.toLocaleString("en-US")} at once: narrow the filter`,
    };
  }
  if (matched.length !== confirmCount) {
    return {
      ok: false,
      refusal: `the filter now matches ${sessionsWord(matched.length)}, not ${confirmCount.toLocaleString("en-US")}: look again`,
    };
  }
  if (matched.length === 0) return { ok: false, refusal: "the filter matches no session" };
  return { ok: true, sessionIds: matched.map((row) => row.id) };
}
