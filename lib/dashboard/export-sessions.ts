import "server-only";
import type { Actor } from "@/lib/db/queries/audit";
import { recordAudit } from "@/lib/db/writers/audit";
import { exportResponse, streamExport } from "@/lib/http/export-stream";
import { deriveFilterRecord, type SessionsExportQuery } from "./export-query";
import { deriveExportFilename, sessionExportColumns } from "./export-records";
import { loadSessionRowsShared } from "./get-sessions-view";
import { filterSessionRows } from "./query";
import type { SessionRowView } from "./session-rows";

/** Rows encoded per pull of the stream: small enough to keep memory flat, big enough to be quick. */
const rowsPerChunk = 200;

async function* slices(rows: SessionRowView[]): AsyncGenerator<SessionRowView[]> {
  for (let i = 0; i < rows.length; i += rowsPerChunk) yield rows.slice(i, i + rowsPerChunk);
}

/**
 * The sessions view under `query`'s filter and sort, every page of it, as a streamed download.
 * The rows are the dashboard's own (one build shared with the table), so the file says what the
 * page says at that moment. Audited (`export.sessions`) with the filter and the row count before
 * the first byte: an export that cannot be recorded does not happen.
 */
export async function runSessionsExport(
  query: SessionsExportQuery,
  actor: Actor,
  now: Date,
): Promise<Response> {
  const { rows: all } = await loadSessionRowsShared(now);
  const { rows } = filterSessionRows(all, query);
  await recordAudit({
    actor,
    action: "export.sessions",
    details: {
      format: query.format,
      filter: deriveFilterRecord(query),
      sort: query.sort,
      dir: query.dir,
      rows: rows.length,
    },
    now,
  });
  return exportResponse(
    query.format,
    deriveExportFilename("sessions", query.format, now),
    streamExport(query.format, sessionExportColumns, slices(rows)),
  );
}
