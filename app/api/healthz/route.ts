/**
 * GET /api/healthz — liveness: the process is up and serving. Checks nothing else, so a database
 * or cluster outage never makes Kubernetes restart a healthy process.
 */
export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } });
}
