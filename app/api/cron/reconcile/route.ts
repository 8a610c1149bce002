/**
 * GET /api/cron/reconcile[?dryRun=1] — one reconciliation pass, Vercel-cron style.
 * `Authorization: Bearer $CRON_SECRET` (constant-time compare; 401 on mismatch; 503 while the
 * secret is unset — it never runs open). A pass already in progress answers `status: "skipped"`;
 * while an admin has paused automation (/settings), 200 with `status: "paused"` and the reason.
 * The JSON report lists the plan, each action's outcome and what needs a human.
 */
import { withRoute } from "@/lib/auth/guard";
import { json } from "@/lib/http/route";
import { runReconcileInServer } from "@/lib/reconcile/server";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

export const GET = withRoute("GET /api/cron/reconcile", async (request: Request) => {
  const dryRun = ["1", "true"].includes(new URL(request.url).searchParams.get("dryRun") ?? "");
  const report = await runReconcileInServer({ trigger: "cron", actorId: "cron", dryRun });
  return json(report, report.status === "failed" ? 500 : 200);
});
