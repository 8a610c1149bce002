/**
 * GET /api/metrics — Prometheus text exposition of this process's metrics.
 * `Authorization: Bearer $METRICS_TOKEN` (Prometheus), or a signed-in viewer.
 */
import { withRoute } from "@/lib/auth/guard";
import { getMetrics } from "@/lib/metrics/registry";

export const dynamic = "force-dynamic";

export const GET = withRoute("GET /api/metrics", async () => {
  const { registry } = getMetrics();
  return new Response(await registry.metrics(), {
    headers: { "content-type": registry.contentType, "cache-control": "no-store" },
  });
});
