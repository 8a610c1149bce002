/**
 * GET /api/cron/reconcile[?dryRun=1] — one reconciliation pass, Vercel-cron style.
 * `Authorization: Bearer $CRON_SECRET` (constant-time compare; 401 on mismatch; 503 while the
 * secret is unset — it never runs open). A pass already in progress answers `status: "skipped"`;
 * while an admin has paused automation (/settings), 200 with `status: "paused"` and the reason.
 * The JSON report lists the plan, each action's outcome and what needs a human. On a host
 * without the webhook delivery loop (serverless), it also sends the notifications that are due.
 */
import { withRoute } from "@/lib/auth/guard";
import { json } from "@/lib/http/route";
import { getEnv } from "@/lib/config/env";
import { runDeliveryRound } from "@/lib/notify/deliver";
import { getDeliveryDeps, notifyLog } from "@/lib/notify/server";
import { runReconcileInServer } from "@/lib/reconcile/server";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

export const GET = withRoute("GET /api/cron/reconcile", async (request: Request) => {
  const dryRun = ["1", "true"].includes(new URL(request.url).searchParams.get("dryRun") ?? "");
  const report = await runReconcileInServer({ trigger: "cron", actorId: "cron", dryRun });
  // No delivery loop here: the cron sends what is due (this pass's notifications included).
  if (!dryRun && getEnv().WEBHOOK_DELIVERY_INTERVAL_SECONDS === 0)
    await runDeliveryRound(getDeliveryDeps()).catch((error: unknown) =>
      notifyLog.error("webhook delivery round failed", { error }),
    );
  return json(report, report.status === "failed" ? 500 : 200);
});
