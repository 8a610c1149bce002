import { z } from "zod";
import { driftClasses } from "@/lib/drift/types";
import { invalidError } from "@/lib/errors";
import { actorTypes } from "@/lib/db/schema";
import { sessionStates } from "@/lib/sessions/state-machine";
import { auditSortKeys } from "./list-queries";
import { sortKeys, textLimits, type SessionsFilter, type SortKey } from "./query";

/**
 * The parameters of an export and of a bulk action over a filter, read strictly: unlike the page
 * (where a stale link falls back to its defaults), a value that does not parse is refused with
 * what is wrong, because a download or an operation on a different set than asked would be wrong
 * without anyone seeing it. Pure.
 */

/** What an export is written as: CSV, one JSON array, or NDJSON (one JSON object a line). */
export const exportFormats = ["csv", "json", "ndjson"] as const;
export type ExportFormat = (typeof exportFormats)[number];

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const text = (max: number) =>
  z.preprocess(
    blankToUndefined,
    z
      .string()
      .max(max, `at most ${max} characters`)
      .optional()
      .transform((v) => v?.trim()),
  );
const choice = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess(blankToUndefined, z.enum(values).optional());

/** The sessions view's filters (what selects rows): the same fields as the page's URL. */
export const sessionsFilterSchema = z
  .object({
    state: choice([...sessionStates, "orphan"]),
    drift: choice([...driftClasses, "any", "none"]),
    agent: text(textLimits.agent),
    namespace: text(textLimits.namespace),
    q: text(textLimits.q),
    ended: z.preprocess(blankToUndefined, z.enum(["hide", "show"]).default("hide")),
  })
  .strict();

const format = z.enum(exportFormats, { error: "format: csv, json or ndjson" });
// An export writes every page: the page's paging parameters are accepted (the download button
// passes the URL as it is) and ignored.
const ignoredPaging = { page: z.string().optional(), pageSize: z.string().optional() };

const sessionsExportSchema = sessionsFilterSchema
  .extend({
    format,
    sort: z.preprocess(blankToUndefined, z.enum(sortKeys).default("severity")),
    dir: z.preprocess(blankToUndefined, z.enum(["asc", "desc"]).default("desc")),
    ...ignoredPaging,
  })
  .strict();

const date = z.preprocess(
  blankToUndefined,
  z.coerce.date({ error: "not a date (ISO 8601, e.g. 2026-12-04T10:00:00Z)" }).optional(),
);

const auditExportSchema = z
  .object({
    format,
    actorType: choice(actorTypes),
    actorId: text(200),
    action: text(100),
    sessionId: text(100),
    since: date,
    until: date,
    sort: z.preprocess(blankToUndefined, z.enum(auditSortKeys).default("time")),
    dir: z.preprocess(blankToUndefined, z.enum(["asc", "desc"]).default("desc")),
    // How the page groups refused requests: an export always writes each event.
    refused: z.string().optional(),
    page: z.string().optional(),
    size: z.string().optional(),
  })
  .strict();

export interface SessionsExportQuery extends SessionsFilter {
  format: ExportFormat;
  sort: SortKey;
  dir: "asc" | "desc";
}

export type AuditExportQuery = Omit<z.infer<typeof auditExportSchema>, "refused" | "page" | "size">;

/** The message of a refused parse: each problem as `field: what is wrong`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const field = issue.path.join(".");
      if (issue.code === "unrecognized_keys") return `unknown parameter ${issue.keys.join(", ")}`;
      return field && !issue.message.startsWith(`${field}:`) ? `${field}: ${issue.message}` : issue.message;
    })
    .join("; ");
}

function parseStrict<S extends z.ZodType>(schema: S, params: Record<string, unknown>): z.infer<S> {
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw invalidError("invalid_query", describeIssues(parsed.error));
  return parsed.data;
}

/** The sessions export's parameters; throws `invalid_query` (a 400) saying what is wrong. */
export function parseSessionsExportQuery(params: Record<string, string>): SessionsExportQuery {
  const { page: _page, pageSize: _pageSize, ...query } = parseStrict(sessionsExportSchema, params);
  return query;
}

/** The audit export's parameters; throws `invalid_query` (a 400) saying what is wrong. */
export function parseAuditExportQuery(params: Record<string, string>): AuditExportQuery {
  const { refused: _refused, page: _page, size: _size, ...query } = parseStrict(auditExportSchema, params);
  if (query.since && query.until && query.since > query.until) {
    throw invalidError("invalid_query", "since: must not be after until");
  }
  return query;
}

/** The filter of a query, without its sort and paging: what an export and a bulk action record. */
export function deriveFilterRecord(filter: SessionsFilter): Record<string, string> {
  const record: Record<string, string> = {};
  for (const key of ["state", "drift", "cluster", "agent", "namespace", "q", "ended"] as const) {
    const value = filter[key];
    if (value !== undefined) record[key] = value;
  }
  return record;
}
