/**
 * GET /api/dashboard/automation — what the header of every page shows about the automation: the
 * last deciding run was blocked at the blast-radius limit (with its id and why), or nothing.
 */
import { withRoute } from "@/lib/auth/guard";
import { getAutomationState } from "@/lib/dashboard/get-automation-state";
import { json } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = withRoute("GET /api/dashboard/automation", async () => json(await getAutomationState()));
