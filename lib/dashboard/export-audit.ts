import "server-only";
import type { Actor } from "@/lib/db/queries/audit";
import { countAudit, getLatestAuditId, listAudit } from "@/lib/db/readers/audit";
import { recordAudit } from "@/lib/db/writers/audit";
import { exportResponse, streamExport } from "@/lib/http/export-stream";
import type { AuditExportQuery } from "./export-query";
import { auditExportColumns, deriveExportFilename, type AuditExportEvent } from "./export-records";

/** Events read from the database per page of the stream. */
const eventsPerPage = 500;

/**
 * The audit log under `query`'s filter and sort, every page of it, as a streamed download: pages
 * are read from the database one at a time as the reader pulls. The log is read as it stood when
 * the export began (events up to the newest id then), so events written meanwhile — this
 * export's own among them — neither shift the pages nor show up twice. Audited (`export.audit`)
 * with the filter and the row count before the first byte.
 */
export async function runAuditExport(query: AuditExportQuery, actor: Actor, now: Date): Promise<Response> {
  const { format, sort, dir, ...filter } = query;
  const throughId = await getLatestAuditId();
  const snapshot = { ...filter, throughId };
  const total = await countAudit(snapshot);
  await recordAudit({
    actor,
    action: "export.audit",
    details: {
      format,
      filter: Object.fromEntries(
        Object.entries(filter)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]),
      ),
      sort,
      dir,
      throughId,
      rows: total,
    },
    now,
  });
  async function* pages(): AsyncGenerator<AuditExportEvent[]> {
    for (let offset = 0; ; offset += eventsPerPage) {
      const page = await listAudit({ ...snapshot, sort, dir, limit: eventsPerPage, offset });
      if (page.length > 0) yield page;
      if (page.length < eventsPerPage) return;
    }
  }
  return exportResponse(
    format,
    deriveExportFilename("audit", format, now),
    streamExport(format, auditExportColumns, pages()),
  );
}
