/**
 * GET /api/dashboard/automation — what the header of every page and the sessions page say about the
 * automation: blocked at the blast-radius limit (with the run and why) or not, the last run, the
 * loop's next pass (or off), whether cron is enabled, and the classes left manual or off.
 */
import { withRoute } from "@/lib/auth/guard";
import { getAutomationState } from "@/lib/dashboard/get-automation-state";
import { json } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = withRoute("GET /api/dashboard/automation", async () => json(await getAutomationState()));
