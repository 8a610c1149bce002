/**
 * GET /api/status — the database and cluster the app is connected to, and the reconciliation
 * (loop or cron on, last success, agents connected/silent), for the status page's
 * refresh and for humans with curl (signed in: viewer and up). Always 200: each part carries
 * its own ok/error.
 */
import { withRoute } from "@/lib/auth/guard";
import { getStatusReport } from "@/lib/system/status";

export const dynamic = "force-dynamic";

export const GET = withRoute("GET /api/status", async () =>
  Response.json(await getStatusReport(new Date()), { headers: { "cache-control": "no-store" } }),
);
