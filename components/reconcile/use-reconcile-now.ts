import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { applyReconcileAction } from "@/lib/actions/reconcile/apply-reconcile-action";
import { applyReconcilePastLimitAction } from "@/lib/actions/reconcile/apply-reconcile-past-limit-action";
import { previewReconcileAction } from "@/lib/actions/reconcile/preview-reconcile-action";
import type { RunReport } from "@/lib/reconcile/run";

/**
 * The dry run (`start`) and the real pass that applies its plan by hash (`apply`, past the limit
 * when `allowLargeRun` is ticked); applying refreshes the table and the page.
 */
export function useReconcileNow() {
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
    // The header's last run (and a block lifted) shows at once, not at the next poll.
    void queryClient.invalidateQueries({ queryKey: ["automation-state"] });
    router.refresh();
  };
  const close = () => setOpen(false);
  return { open, preview, result, error, busy, allowLargeRun, setAllowLargeRun, start, apply, close };
}
