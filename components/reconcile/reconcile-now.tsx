"use client";

import { useCan } from "@/components/auth/permissions";
import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { buttonClass, Dialog } from "@/components/ui/dialog";
import { applyReconcileAction } from "@/lib/actions/reconcile/apply-reconcile-action";
import { applyReconcilePastLimitAction } from "@/lib/actions/reconcile/apply-reconcile-past-limit-action";
import { previewReconcileAction } from "@/lib/actions/reconcile/preview-reconcile-action";
import type { RunReport } from "@/lib/reconcile/run";
import { PlanList } from "./plan-list";

/**
 * "Reconcile now": a dry run first, its plan shown action by action (and what needs a human),
 * then a real pass on confirmation that applies that very plan (by its hash) or nothing. A plan
 * past the blast-radius limit can be applied by an admin only, with an explicit tick.
 */
export function ReconcileNow() {
  const canRun = useCan("sessions:operate");
  const canOverride = useCan("reconcile:override");
  const queryClient = useQueryClient();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [preview, setPreview] = useState<RunReport>();
  const [result, setResult] = useState<RunReport>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [allowLargeRun, setAllowLargeRun] = useState(false);

  const start = async () => {
    setOpen(true);
    setPreview(undefined);
    setResult(undefined);
    setError(undefined);
    setAllowLargeRun(false);
    const answer = await previewReconcileAction({});
    if (answer.ok) setPreview(answer.data);
    else setError(answer.error);
  };
  const apply = async () => {
    if (!preview?.planHash) return;
    setBusy(true);
    const input = { planHash: preview.planHash };
    const answer = await (allowLargeRun ? applyReconcilePastLimitAction(input) : applyReconcileAction(input));
    setBusy(false);
    if (answer.ok) setResult(answer.data);
    else setError(answer.error);
    void queryClient.invalidateQueries({ queryKey: ["sessions-view"] });
    router.refresh();
  };
  const shown = result ?? preview;
  if (!canRun) return null;
  return (
    <>
      <button type="button" className={buttonClass.primary} onClick={start}>
        Reconcile now
      </button>
      {open ? (
        <Dialog
          title={result ? `Reconcile run ${result.runId}: ${result.status}` : "Reconcile now: the plan"}
          onClose={() => setOpen(false)}
          busy={busy}
          footer={
            result || !preview ? (
              <button type="button" className={buttonClass.primary} onClick={() => setOpen(false)}>
                Close
              </button>
            ) : (
              <>
                <button type="button" className={buttonClass.secondary} onClick={() => setOpen(false)}>
                  Cancel
                </button>
                <button
                  type="button"
                  className={buttonClass.danger}
                  disabled={busy || preview.plan.length === 0}
                  onClick={apply}
                >
                  {busy
                    ? "Applying…"
                    : `Apply ${preview.plan.length} action${preview.plan.length === 1 ? "" : "s"}`}
                </button>
              </>
            )
          }
        >
          {error ? <p className="text-red-700">{error}</p> : null}
          {!shown && !error ? <p className="text-slate-500">Planning against the current state…</p> : null}
          {shown ? (
            <div className="space-y-3" data-testid="reconcile-plan">
              {shown.error ? <p className="text-amber-800">{shown.error}</p> : null}
              {shown.reason ? (
                <p className="font-medium text-red-700" data-testid="reconcile-reason">
                  {shown.reason}
                  {!result && !canOverride ? " — only an admin can apply it past the limit." : null}
                </p>
              ) : null}
              {shown.plan.length === 0 ? (
                <p>Nothing to do: no drift that the reconciler fixes by itself.</p>
              ) : null}
              <PlanList plan={shown.plan} outcomes={result?.outcomes} />
              {shown.attention.length > 0 ? (
                <div>
                  <p className="font-medium">Needs a human ({shown.attention.length}):</p>
                  <ul className="list-disc pl-5 text-slate-700">
                    {shown.attention.map((a) => (
                      <li key={`${a.sessionId}:${a.driftClass}`}>
                        <span className="font-mono text-xs">{a.sessionId}</span> {a.sentence}
                      </li>
                    ))}
                  </ul>
                </div>
              ) : null}
              {!result && preview?.reason && preview.plan.length > 0 && canOverride ? (
                <label className="flex items-center gap-2 text-xs text-slate-600">
                  <input
                    type="checkbox"
                    checked={allowLargeRun}
                    onChange={(e) => setAllowLargeRun(e.target.checked)}
                  />
                  Apply this plan even past the blast-radius limit (I have read the whole plan)
                </label>
              ) : null}
            </div>
          ) : null}
        </Dialog>
      ) : null}
    </>
  );
}
