"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { buttonClass, Dialog } from "@/components/ui/dialog";
import { bulkOverFilterAction } from "@/lib/actions/sessions/bulk-over-filter-action";
import type { SessionsFilter } from "@/lib/dashboard/query";
import type { ManualOperation } from "@/lib/reconcile/operations";
import { operationLabels } from "./operation-dialog";
import { OperationItems } from "./operation-items";
import { deriveOperationSummary, matchesTypedCount, type OperationSummary } from "./operation-summary";
import type { OperationItem } from "./use-manual-operation";

type Phase = "confirm" | "running" | "done";

/** The filter in words, for the person to check before typing the count. */
const describeFilter = (filter: SessionsFilter) =>
  (["state", "drift", "agent", "namespace", "q"] as const)
    .filter((key) => filter[key])
    .map((key) => `${key === "q" ? "search" : key} ${filter[key]}`)
    .concat(filter.ended === "show" ? ["ended sessions shown"] : [])
    .join(", ") || "no filter: every session";

/** The filter part of the page's query, as the action takes it (no sort, no paging, no blanks). */
function pickFilter(query: SessionsFilter): SessionsFilter {
  const filter: SessionsFilter = { ended: query.ended };
  for (const key of ["state", "drift", "agent", "namespace", "q"] as const) {
    if (query[key]) Object.assign(filter, { [key]: query[key] });
  }
  return filter;
}

/**
 * Confirms an operation over every session a filter matches, by typing their count. The server
 * resolves the filter again when it runs and refuses if the count changed meanwhile (or is over
 * the cap); otherwise each session gets the selection's operation (refused where it does not
 * apply) and its result is listed here until the person closes the dialog.
 */
export function FilterOperationDialog(props: {
  operation: ManualOperation;
  filter: SessionsFilter;
  count: number;
  onClose: (summary: OperationSummary | undefined) => void;
}) {
  const queryClient = useQueryClient();
  const router = useRouter();
  const [{ filter, count }] = useState({ filter: pickFilter(props.filter), count: props.count });
  const [typed, setTyped] = useState("");
  const [phase, setPhase] = useState<Phase>("confirm");
  const [error, setError] = useState<string>();
  const [items, setItems] = useState<OperationItem[]>();

  const confirm = async () => {
    setPhase("running");
    setError(undefined);
    const result = await bulkOverFilterAction({ operation: props.operation, filter, confirmCount: count });
    if (!result.ok) {
      setError(result.error);
      return setPhase("confirm");
    }
    setItems(result.data.items);
    setPhase("done");
  };
  const close = () => {
    if (phase === "done") {
      void queryClient.invalidateQueries({ queryKey: ["sessions-view"] });
      router.refresh();
    }
    props.onClose(phase === "done" && items ? deriveOperationSummary(props.operation, items) : undefined);
  };

  return (
    <Dialog
      title={`${operationLabels[props.operation]}: every session matching the filter (${count})`}
      onClose={close}
      busy={phase === "running"}
      footer={
        phase === "done" ? (
          <button type="button" className={buttonClass.primary} onClick={close} autoFocus>
            Close
          </button>
        ) : (
          <>
            <button
              type="button"
              className={buttonClass.secondary}
              onClick={close}
              disabled={phase === "running"}
            >
              Cancel
            </button>
            <button
              type="button"
              className={props.operation === "retry-stop" ? buttonClass.primary : buttonClass.danger}
              onClick={confirm}
              disabled={phase === "running" || !matchesTypedCount(typed, count)}
            >
              {phase === "running" ? "Working…" : `${operationLabels[props.operation]} ${count}`}
            </button>
          </>
        )
      }
    >
      <p className="mb-2">
        Filter: <span data-testid="filter-description">{describeFilter(filter)}</span>. The server reads the
        filter again when you confirm and refuses if it no longer matches {count} sessions. Sessions the
        operation does not apply to are left alone, each with the reason.
      </p>
      {phase !== "done" ? (
        <label className="mb-3 block rounded border border-red-200 bg-red-50 px-3 py-2 text-red-900">
          Type {count} to confirm:
          <input
            data-testid="typed-count"
            className="ml-2 w-28 rounded border border-red-300 bg-white px-2 py-0.5 font-mono text-slate-900"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            autoComplete="off"
            inputMode="numeric"
          />
        </label>
      ) : null}
      {error ? (
        <p role="alert" data-testid="filter-operation-error" className="mb-2 text-red-700">
          {error}
        </p>
      ) : null}
      {phase === "running" ? <p className="text-slate-500">Working on {count} sessions…</p> : null}
      <OperationItems items={items} />
    </Dialog>
  );
}
