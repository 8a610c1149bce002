"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { buttonClass, Dialog } from "@/components/ui/dialog";
import type { ManualOperation } from "@/lib/reconcile/operations";
import { OperationItems, OperationProgress } from "./operation-items";
import { useManualOperation, type OperationPhase } from "./use-manual-operation";

export const operationLabels: Record<ManualOperation, string> = {
  "retry-stop": "Retry stop",
  "force-terminate": "Force terminate",
  "delete-resources": "Delete resources",
};

/** Close once done; before, Cancel and the confirmation with the count (and progress while running). */
function OperationFooter(props: {
  operation: ManualOperation;
  phase: OperationPhase;
  ready: boolean;
  progress: number;
  actionable: number;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const { operation, phase, progress, actionable } = props;
  if (phase === "done")
    return (
      <button type="button" className={buttonClass.primary} onClick={props.onClose}>
        Close
      </button>
    );
  return (
    <>
      <button
        type="button"
        className={buttonClass.secondary}
        onClick={props.onClose}
        disabled={phase === "running"}
      >
        Cancel
      </button>
      <button
        type="button"
        className={operation === "retry-stop" ? buttonClass.primary : buttonClass.danger}
        onClick={props.onConfirm}
        disabled={!props.ready || actionable === 0 || phase === "running"}
      >
        {phase === "running"
          ? `Working… ${progress}/${actionable}`
          : `${operationLabels[operation]} ${actionable}`}
      </button>
    </>
  );
}

/**
 * Confirms an operation on one or many sessions: first what it will do to each (from the server,
 * from the current state), then, on confirmation, runs it in chunks with progress and shows each
 * session's result. Closing refreshes the table and the page.
 */
export function OperationDialog(props: {
  operation: ManualOperation;
  sessionIds: string[];
  onClose: (changed: boolean) => void;
}) {
  const queryClient = useQueryClient();
  const router = useRouter();
  const { items, error, phase, progress, actionable, confirm } = useManualOperation(
    props.operation,
    props.sessionIds,
  );

  const close = () => {
    if (phase === "done") {
      void queryClient.invalidateQueries({ queryKey: ["sessions-view"] });
      router.refresh();
    }
    props.onClose(phase === "done");
  };

  return (
    <Dialog
      title={`${operationLabels[props.operation]}: ${props.sessionIds.length} session${props.sessionIds.length === 1 ? "" : "s"}`}
      onClose={close}
      busy={phase === "running"}
      footer={
        <OperationFooter
          operation={props.operation}
          phase={phase}
          ready={items !== undefined}
          progress={progress}
          actionable={actionable}
          onConfirm={confirm}
          onClose={close}
        />
      }
    >
      {error ? <p className="text-red-700">{error}</p> : null}
      {!items && !error ? <p className="text-slate-500">Reading the current state…</p> : null}
      {phase === "running" ? <OperationProgress progress={progress} actionable={actionable} /> : null}
      <OperationItems items={items} />
    </Dialog>
  );
}
