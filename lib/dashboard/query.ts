import { z } from "zod";
import { compareText } from "@/lib/format/compare";
import { driftClasses, type DriftClass } from "@/lib/drift/types";
import { invalidError } from "@/lib/errors";
import { isFinalState, sessionStates } from "@/lib/sessions/state-machine";
import type { SessionRowView } from "./session-rows";

export const sortKeys = ["severity", "id", "user", "cluster", "agent", "state", "age", "namespace"] as const;
export type SortKey = (typeof sortKeys)[number];

/** The page sizes offered; another is not a choice. */
export const pageSizes = [25, 50, 100] as const;

/** The longest each free-text filter may be. */
export const textLimits = { cluster: 63, agent: 63, namespace: 63, q: 200 } as const;

const optionalText = (max: number) =>
  z
    .string()
    .max(max)
    .optional()
    .transform((v) => (v?.trim() ? v.trim() : undefined));

/** The table's filters, sort and page: kept in the URL, validated the same way on every path. */
export const sessionsQuerySchema = z.object({
  state: z
    .enum([...sessionStates, "orphan"])
    .optional()
    .catch(undefined),
  drift: z
    .enum([...driftClasses, "any", "none"])
    .optional()
    .catch(undefined),
  cluster: optionalText(textLimits.cluster),
  agent: optionalText(textLimits.agent),
  namespace: optionalText(textLimits.namespace),
  q: optionalText(textLimits.q),
  sort: z.enum(sortKeys).default("severity").catch("severity"),
  dir: z.enum(["asc", "desc"]).default("desc").catch("desc"),
  page: z.coerce.number().int().min(1).max(100_000).default(1).catch(1),
  pageSize: z.coerce
    .number()
    .pipe(z.union(pageSizes.map((size) => z.literal(size))))
    .default(50)
    .catch(50),
  /** Ended sessions without drift are hidden unless shown (or their state is filtered for). */
  ended: z.enum(["hide", "show"]).default("hide").catch("hide"),
});
export type SessionsQuery = z.infer<typeof sessionsQuerySchema>;

/** The filter part of the query (what selects rows, not how they are ordered or paged). */
export type SessionsFilter = Partial<
  Pick<SessionsQuery, "state" | "drift" | "cluster" | "agent" | "namespace" | "q">
> &
  Pick<SessionsQuery, "ended">;

/**
 * Reads the query from URL search params; an unknown choice (state, sort, page…) falls back to its
 * default. A free-text filter longer than its limit is refused (`invalid_query`, a 400 on the data
 * route) — or, for the page a person opened from a link, `drop`ped.
 */
export function parseSessionsQuery(
  params: Record<string, string | string[] | undefined>,
  overLongText: "refuse" | "drop" = "refuse",
): SessionsQuery {
  const flat = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  for (const [key, max] of Object.entries(textLimits)) {
    if ((flat[key]?.length ?? 0) <= max) continue;
    if (overLongText === "drop") delete flat[key];
    else throw invalidError("invalid_query", `${key}: at most ${max} characters`);
  }
  return sessionsQuerySchema.parse(flat);
}

/** An ended session that needs nothing: hidden by default, it would bury the ones that do. */
export const isQuietEnded = (row: SessionRowView) =>
  row.kind === "session" && row.state !== null && isFinalState(row.state) && row.drift.length === 0;

/** Whether quiet ended rows are left out: unless shown, or the state filter asks for an ended state. */
const hidesEnded = (query: SessionsFilter) =>
  query.ended === "hide" && !(query.state && query.state !== "orphan" && isFinalState(query.state));

function matches(row: SessionRowView, query: SessionsFilter): boolean {
  if (query.state === "orphan" ? row.kind !== "orphan" : query.state && row.state !== query.state)
    return false;
  if (query.drift === "any" && row.drift.length === 0) return false;
  if (query.drift === "none" && row.drift.length > 0) return false;
  if (
    query.drift &&
    query.drift !== "any" &&
    query.drift !== "none" &&
    !row.drift.some((d) => d.driftClass === query.drift)
  ) {
    return false;
  }
  if (query.cluster && row.cluster !== query.cluster) return false;
  if (query.agent && row.agentId !== query.agent) return false;
  if (query.namespace && row.namespace !== query.namespace) return false;
  if (query.q) {
    const needle = query.q.toLowerCase();
    const haystack = [
      row.id,
      row.userId,
      row.agentId,
      row.cluster,
      row.namespace,
      row.state,
      ...row.drift.map((d) => d.sentence),
    ];
    if (!haystack.some((h) => h?.toLowerCase().includes(needle))) return false;
  }
  return true;
}

const severityRank = { ok: 0, warning: 1, error: 2 } as const;

/** States in their lifecycle's order; no row (an orphan) after them all. */
const stateRank = (state: SessionRowView["state"]) =>
  state === null ? sessionStates.length : sessionStates.indexOf(state);

const byText = compareText;

function compare(a: SessionRowView, b: SessionRowView, key: SortKey): number {
  const text = (x: string | null, y: string | null) => byText(x ?? "", y ?? "");
  switch (key) {
    case "severity":
      return severityRank[a.severity] - severityRank[b.severity] || a.drift.length - b.drift.length;
    case "id":
      return byText(a.id, b.id);
    case "user":
      return text(a.userId, b.userId);
    case "agent":
      return text(a.agentId, b.agentId);
    case "cluster":
      return text(a.cluster ?? null, b.cluster ?? null);
    case "state":
      return stateRank(a.state) - stateRank(b.state);
    case "namespace":
      return text(a.namespace, b.namespace);
    case "age":
      // Longest in its state first when descending.
      return byText(b.stateChangedAt ?? "", a.stateChangedAt ?? "");
    default: {
      const unknown: never = key;
      return unknown;
    }
  }
}

/**
 * Order within equal keys, whatever the direction: within a state the longest in it first (what
 * needs a look), then by id so pages are stable.
 */
const tieBreak = (a: SessionRowView, b: SessionRowView, key: SortKey) =>
  (key === "state" ? byText(a.stateChangedAt ?? "", b.stateChangedAt ?? "") : 0) || byText(a.id, b.id);

export interface SessionsPage {
  rows: SessionRowView[];
  total: number;
  filteredTotal: number;
  page: number;
  pageCount: number;
  /** Rows matching the filters but left out as quiet ended sessions (0 when they are shown). */
  hiddenEnded: number;
  /** Rows per drift class over all rows (the cards), not just the filtered ones. */
  counts: Record<DriftClass, number>;
  /** Values present, for the filter menus. */
  agents: string[];
  namespaces: string[];
  clusters: string[];
}

/**
 * Every row the filters of `query` keep, in its sort order (ties by id), with no paging: what a
 * page shows a slice of, an export writes whole and a bulk action over a filter acts on. Pure.
 */
export function filterSessionRows(
  rows: SessionRowView[],
  query: SessionsFilter & Pick<SessionsQuery, "sort" | "dir">,
): { rows: SessionRowView[]; hiddenEnded: number } {
  const direction = query.dir === "asc" ? 1 : -1;
  const hideEnded = hidesEnded(query);
  let hiddenEnded = 0;
  const filtered = rows
    .filter((row) => {
      if (!matches(row, query)) return false;
      if (!hideEnded || !isQuietEnded(row)) return true;
      hiddenEnded++;
      return false;
    })
    .sort((a, b) => direction * compare(a, b, query.sort) || tieBreak(a, b, query.sort));
  return { rows: filtered, hiddenEnded };
}

/** Filters, sorts (ties by id, so pages are stable) and pages the rows. Pure. */
export function querySessionRows(rows: SessionRowView[], query: SessionsQuery): SessionsPage {
  const counts = Object.fromEntries(driftClasses.map((c) => [c, 0])) as Record<DriftClass, number>;
  const agents = new Set<string>();
  const namespaces = new Set<string>();
  const clusters = new Set<string>();
  for (const row of rows) {
    for (const cls of new Set(row.drift.map((d) => d.driftClass))) counts[cls]++;
    if (row.cluster) clusters.add(row.cluster);
    if (row.agentId) agents.add(row.agentId);
    if (row.namespace) namespaces.add(row.namespace);
  }
  const { rows: filtered, hiddenEnded } = filterSessionRows(rows, query);
  const pageCount = Math.max(1, Math.ceil(filtered.length / query.pageSize));
  const page = Math.min(query.page, pageCount);
  return {
    rows: filtered.slice((page - 1) * query.pageSize, page * query.pageSize),
    total: rows.length,
    filteredTotal: filtered.length,
    page,
    pageCount,
    hiddenEnded,
    counts,
    agents: [...agents].sort(),
    clusters: [...clusters].sort(),
    namespaces: [...namespaces].sort(),
  };
}

export type { DriftClass };
