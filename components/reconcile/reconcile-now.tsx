"use client";

import { useCan } from "@/components/auth/permissions";
import { buttonClass, Dialog } from "@/components/ui/dialog";
import type { RunReport } from "@/lib/reconcile/run";
import { ReconcilePlanView } from "./reconcile-plan-view";
import { useReconcileNow } from "./use-reconcile-now";

/** Close once run (or while there is no plan); before, Cancel and Apply with the number of actions. */
function ReconcileFooter(props: {
  preview: RunReport | undefined;
  result: RunReport | undefined;
  busy: boolean;
  onApply: () => void;
  onClose: () => void;
}) {
  const { preview, busy } = props;
  if (props.result || !preview)
    return (
      <button type="button" className={buttonClass.primary} onClick={props.onClose}>
        Close
      </button>
    );
  return (
    <>
      <button type="button" className={buttonClass.secondary} onClick={props.onClose}>
        Cancel
      </button>
      <button
        type="button"
        className={buttonClass.danger}
        disabled={busy || preview.plan.length === 0}
        onClick={props.onApply}
      >
        {busy ? "Applying…" : `Apply ${preview.plan.length} action${preview.plan.length === 1 ? "" : "s"}`}
      </button>
    </>
  );
}

/**
 * "Reconcile now": a dry run first, its plan shown action by action (and what needs a human),
 * then a real pass on confirmation that applies that very plan (by its hash) or nothing. A plan
 * past the blast-radius limit can be applied by an admin only, with an explicit tick.
 */
export function ReconcileNow() {
  const canRun = useCan("sessions:operate");
  const canOverride = useCan("reconcile:override");
  const { open, preview, result, error, busy, allowLargeRun, setAllowLargeRun, start, apply, close } =
    useReconcileNow();
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
          onClose={close}
          busy={busy}
          footer={
            <ReconcileFooter preview={preview} result={result} busy={busy} onApply={apply} onClose={close} />
          }
        >
          {error ? <p className="text-red-700">{error}</p> : null}
          {!shown && !error ? <p className="text-slate-500">Planning against the current state…</p> : null}
          {shown ? (
            <ReconcilePlanView
              shown={shown}
              preview={preview}
              result={result}
              canOverride={canOverride}
              allowLargeRun={allowLargeRun}
              onAllowLargeRun={setAllowLargeRun}
            />
          ) : null}
        </Dialog>
      ) : null}
    </>
  );
}
