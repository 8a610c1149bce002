/**
 * GET /api/metrics — Prometheus text exposition of this process's metrics.
 */
import { getMetrics } from "@/lib/metrics/registry";

export const dynamic = "force-dynamic";

export async function GET() {
  const { registry } = getMetrics();
  return new Response(await registry.metrics(), {
    headers: { "content-type": registry.contentType, "cache-control": "no-store" },
  });
}
