/**
 * GET /api/status — the database and cluster the app is connected to, for the home page's
 * refresh and for humans with curl. Always 200: each part carries its own ok/error.
 */
import { getSystemStatus } from "@/lib/system/status";

export const dynamic = "force-dynamic";

export async function GET() {
  return Response.json(await getSystemStatus(new Date()), { headers: { "cache-control": "no-store" } });
}
