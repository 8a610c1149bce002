"use client";

import { createContext, useContext, useState } from "react";
import { useCan } from "@/components/auth/permissions";
import { buttonClass } from "@/components/ui/dialog";
import type { ManualOperation } from "@/lib/reconcile/operations";
import type { SessionState } from "@/lib/sessions/state-machine";
import { OperationDialog, operationLabels } from "./operation-dialog";

/**
 * The operations that make sense for a session in `state` (null: an orphan id with no row);
 * Restore first when some of its objects are in quarantine.
 */
export function deriveOperations(
  state: SessionState | null,
  hasObjects: boolean,
  quarantined = false,
): ManualOperation[] {
  const restore: ManualOperation[] = quarantined ? ["restore-objects"] : [];
  if (state === null) return hasObjects ? [...restore, "delete-resources"] : [];
  if (state === "terminating") return ["retry-stop", "force-terminate"];
  if (state === "terminated" || state === "failed") return hasObjects ? [...restore, "delete-resources"] : [];
  return ["force-terminate"];
}

/**
 * Opens an operation's dialog outside the table, where a refresh that moves the row or drops it
 * from the filter cannot unmount it. Without a provider (a page of one session) the dialog stays
 * beside the buttons.
 */
export const OperationLauncher = createContext<
  ((operation: ManualOperation, sessionIds: string[]) => void) | undefined
>(undefined);

/** One-click fixes for one session, each behind a confirmation that says exactly what it does. */
export function SessionActions(props: {
  sessionId: string;
  state: SessionState | null;
  hasObjects: boolean;
  /** Some of its objects are in quarantine: offer Restore. */
  quarantined?: boolean;
}) {
  const [open, setOpen] = useState<ManualOperation>();
  const launch = useContext(OperationLauncher);
  const canOperate = useCan("sessions:operate");
  const operations = deriveOperations(props.state, props.hasObjects, props.quarantined);
  if (operations.length === 0 || !canOperate) return null;
  return (
    <span className="flex flex-wrap gap-1">
      {operations.map((operation) => (
        <button
          key={operation}
          type="button"
          className={buttonClass.small}
          onClick={() => (launch ? launch(operation, [props.sessionId]) : setOpen(operation))}
        >
          {operationLabels[operation]}
        </button>
      ))}
      {open ? (
        <OperationDialog operation={open} sessionIds={[props.sessionId]} onClose={() => setOpen(undefined)} />
      ) : null}
    </span>
  );
}
