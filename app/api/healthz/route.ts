/**
 * GET /api/healthz — liveness: the process is up and serving. Checks nothing else, so a database
 * or cluster outage never makes Kubernetes restart a healthy process. Public (probes).
 */
import { withRoute } from "@/lib/auth/guard";

export const dynamic = "force-dynamic";

export const GET = withRoute("GET /api/healthz", async () =>
  Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } }),
);
