/**
 * GET /api/readyz — readiness: 200 when the database answers with every migration applied and
 * the cluster answers; 503 otherwise, naming the part that failed. Public (probes), so it says
 * which part failed but not why: the reasons (hosts, errors) are on /status for signed-in users.
 */
import { withRoute } from "@/lib/auth/guard";
import { getSystemStatus } from "@/lib/system/status";

export const dynamic = "force-dynamic";

export const GET = withRoute("GET /api/readyz", async () => {
  const status = await getSystemStatus(new Date());
  const failed = [...(status.database.ok ? [] : ["database"]), ...(status.cluster.ok ? [] : ["cluster"])];
  return Response.json(
    { status: failed.length ? "unavailable" : "ready", failed },
    { status: failed.length ? 503 : 200, headers: { "cache-control": "no-store" } },
  );
});
