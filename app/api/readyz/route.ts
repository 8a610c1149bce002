/**
 * GET /api/readyz — readiness: 200 when the database answers with every migration applied and
 * the cluster answers; 503 otherwise, naming the part that failed.
 */
import { getSystemStatus } from "@/lib/system/status";

export const dynamic = "force-dynamic";

export async function GET() {
  const status = await getSystemStatus(new Date());
  const failed = [
    ...(status.database.ok ? [] : [{ part: "database", error: status.database.error }]),
    ...(status.cluster.ok ? [] : [{ part: "cluster", error: status.cluster.error }]),
  ];
  return Response.json(
    {
      status: failed.length ? "unavailable" : "ready",
      failed,
      database: status.database,
      cluster: status.cluster,
    },
    { status: failed.length ? 503 : 200, headers: { "cache-control": "no-store" } },
  );
}
