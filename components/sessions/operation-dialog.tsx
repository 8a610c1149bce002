"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { buttonClass, Dialog } from "@/components/ui/dialog";
import type { ManualOperation } from "@/lib/reconcile/operations";
import { OperationItems, OperationProgress } from "./operation-items";
import {
  deriveOperationSummary,
  matchesTypedConfirmation,
  requiresTypedConfirmation,
  type OperationSummary,
} from "./operation-summary";
import { useManualOperation, type OperationPhase } from "./use-manual-operation";

export const operationLabels: Record<ManualOperation, string> = {
  "retry-stop": "Retry stop",
  "force-terminate": "Force terminate",
  "delete-resources": "Delete resources",
  "restore-objects": "Restore",
};

/** Operations that destroy nothing: a plain button, no typed confirmation. */
export const harmlessOperations: readonly ManualOperation[] = ["retry-stop", "restore-objects"];

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
      <button type="button" className={buttonClass.primary} onClick={props.onClose} autoFocus>
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
        className={harmlessOperations.includes(operation) ? buttonClass.primary : buttonClass.danger}
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

/** Over the threshold, a destructive operation asks for the count (or "delete") to be typed. */
function TypedConfirmation(props: { count: number; value: string; onChange: (value: string) => void }) {
  return (
    <label className="mb-3 block rounded border border-red-200 bg-red-50 px-3 py-2 text-red-900">
      This affects {props.count} sessions. Type {props.count} or &quot;delete&quot; to confirm:
      <input
        data-testid="typed-confirmation"
        className="ml-2 w-28 rounded border border-red-300 bg-white px-2 py-0.5 font-mono text-slate-900"
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        autoComplete="off"
      />
    </label>
  );
}

/**
 * Confirms an operation on one or many sessions: first what it will do to each (from the server,
 * from the current state), then, on confirmation, runs it in chunks with progress and shows each
 * session's result until the person closes it. The ids are the ones given when it opened: a later
 * render of the page behind never changes them, so nothing is previewed again. Closing refreshes
 * the table and the page and hands back the summary when it ran.
 */
export function OperationDialog(props: {
  operation: ManualOperation;
  sessionIds: string[];
  onClose: (summary: OperationSummary | undefined) => void;
}) {
  const queryClient = useQueryClient();
  const router = useRouter();
  const [sessionIds] = useState(props.sessionIds);
  const [typed, setTyped] = useState("");
  const { items, error, phase, progress, actionable, confirm } = useManualOperation(
    props.operation,
    sessionIds,
  );
  const needsTyping = phase === "preview" && requiresTypedConfirmation(props.operation, actionable);

  const close = () => {
    if (phase === "done") {
      void queryClient.invalidateQueries({ queryKey: ["sessions-view"] });
      router.refresh();
    }
    props.onClose(phase === "done" && items ? deriveOperationSummary(props.operation, items) : undefined);
  };

  return (
    <Dialog
      title={`${operationLabels[props.operation]}: ${sessionIds.length} session${sessionIds.length === 1 ? "" : "s"}`}
      onClose={close}
      busy={phase === "running"}
      footer={
        <OperationFooter
          operation={props.operation}
          phase={phase}
          ready={items !== undefined && (!needsTyping || matchesTypedConfirmation(typed, actionable))}
          progress={progress}
          actionable={actionable}
          onConfirm={confirm}
          onClose={close}
        />
      }
    >
      {error ? <p className="text-red-700">{error}</p> : null}
      {!items && !error ? <p className="text-slate-500">Reading the current state…</p> : null}
      {needsTyping ? <TypedConfirmation count={actionable} value={typed} onChange={setTyped} /> : null}
      {phase === "running" ? <OperationProgress progress={progress} actionable={actionable} /> : null}
      <OperationItems items={items} />
    </Dialog>
  );
}
