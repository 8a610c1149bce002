/**
 * GET /api/dashboard/sessions?state=&drift=&agent=&namespace=&q=&sort=&dir=&page=&pageSize=&ended=
 * The sessions dashboard's data (what the table polls): one page of rows with health and drift,
 * the count per drift class, each observed kind's freshness, and the thresholds in force.
 */
import { parseSessionsQuery } from "@/lib/dashboard/query";
import { getSessionsView } from "@/lib/dashboard/get-sessions-view";
import { withRoute } from "@/lib/auth/guard";
import { json } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = withRoute("GET /api/dashboard/sessions", async (request: Request) => {
  const params = Object.fromEntries(new URL(request.url).searchParams.entries());
  return json(await getSessionsView(parseSessionsQuery(params)));
});
