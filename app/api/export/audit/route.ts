/**
 * GET /api/export/audit?format=csv|json|ndjson&actorType=&actorId=&action=&sessionId=&since=&until=&sort=&dir=
 * The audit log as a download: every event of the filter (the page's paging and grouping are
 * ignored: each event is a line), in the page's sort, read page by page and streamed. A parameter
 * that does not parse is a 400 saying which. Viewers and up; audited as `export.audit`.
 */
import { withRoute, userActor } from "@/lib/auth/guard";
import { parseAuditExportQuery } from "@/lib/dashboard/export-query";
import { runAuditExport } from "@/lib/dashboard/export-audit";

export const dynamic = "force-dynamic";

export const GET = withRoute("GET /api/export/audit", async (request: Request, _context, caller) => {
  const query = parseAuditExportQuery(Object.fromEntries(new URL(request.url).searchParams.entries()));
  if (caller.kind !== "user") throw new Error("the export route admits signed-in people only");
  return runAuditExport(query, userActor(caller.user), new Date());
});
