/**
 * GET /api/export/sessions?format=csv|json|ndjson&state=&drift=&agent=&namespace=&q=&ended=&sort=&dir=
 * The sessions view as a download: every row of the filter (page and pageSize are ignored), in the
 * page's sort, streamed. A parameter that does not parse is a 400 saying which. Viewers and up;
 * audited as `export.sessions`.
 */
import { withRoute, userActor } from "@/lib/auth/guard";
import { parseSessionsExportQuery } from "@/lib/dashboard/export-query";
import { runSessionsExport } from "@/lib/dashboard/export-sessions";

export const dynamic = "force-dynamic";

export const GET = withRoute("GET /api/export/sessions", async (request: Request, _context, caller) => {
  const query = parseSessionsExportQuery(Object.fromEntries(new URL(request.url).searchParams.entries()));
  if (caller.kind !== "user") throw new Error("the export route admits signed-in people only");
  return runSessionsExport(query, userActor(caller.user), new Date());
});
