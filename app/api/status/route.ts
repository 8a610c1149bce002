/**
 * GET /api/status — the database and cluster the app is connected to, for the status page's
 * refresh and for humans with curl (signed in: viewer and up). Always 200: each part carries
 * its own ok/error.
 */
import { withRoute } from "@/lib/auth/guard";
import { getSystemStatus } from "@/lib/system/status";

export const dynamic = "force-dynamic";

export const GET = withRoute("GET /api/status", async () =>
  Response.json(await getSystemStatus(new Date()), { headers: { "cache-control": "no-store" } }),
);
