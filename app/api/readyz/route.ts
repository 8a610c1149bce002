/**
 * GET /api/readyz — readiness: 200 when the database answers with every migration applied, 503
 * (`failed: ["database"]`) when it does not. An unreachable cluster does not make the app unready:
 * that is exactly when the dashboard must stay up to show what is unknown and since when, so the
 * cluster is reported in the body (`degraded: ["cluster"]`) and the answer stays 200. Public
 * (probes), so it names the part but not why: the reasons (hosts, errors) are on /status for
 * signed-in users.
 */
import { withRoute } from "@/lib/auth/guard";
import { getSystemStatus } from "@/lib/system/status";

export const dynamic = "force-dynamic";

export const GET = withRoute("GET /api/readyz", async () => {
  const status = await getSystemStatus(new Date());
  const failed = status.database.ok ? [] : ["database"];
  // One cluster: `cluster`; several: `cluster:<id>` for each that does not answer.
  const degraded = status.clusters
    .filter((c) => !c.ok)
    .map((c) => (status.clusters.length > 1 ? `cluster:${c.id}` : "cluster"));
  return Response.json(
    { status: failed.length ? "unavailable" : "ready", failed, degraded },
    { status: failed.length ? 503 : 200, headers: { "cache-control": "no-store" } },
  );
});
