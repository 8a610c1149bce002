"use client";

import { useState } from "react";
import type { SessionsQuery } from "@/lib/dashboard/query";
import { buttonClass } from "@/components/ui/dialog";
import { bulkOverFilterCap } from "@/lib/dashboard/filter-targets";
import { manualOperations, type ManualOperation } from "@/lib/reconcile/operations";
import { ExportLinks } from "./export-links";
import { FilterOperationDialog } from "./filter-operation-dialog";
import { operationLabels } from "./operation-dialog";
import type { OperationSummary } from "./operation-summary";

/**
 * The operations over every session the filter matches (all pages, not a selection): a button
 * per operation, or why not when the filter matches more than the cap.
 */
export function FilterBulkActions(props: {
  count: number;
  onOperation: (operation: ManualOperation) => void;
}) {
  const overCap = props.count > bulkOverFilterCap;
  return (
    <section
      aria-label="Bulk actions over the filter"
      className="flex flex-wrap items-center gap-2 text-xs text-slate-600"
    >
      <span data-testid="filter-count">Every session matching this filter ({props.count}):</span>
      {overCap ? (
        <span>
          more than {bulkOverFilterCap.toLocaleString("en-US")}; narrow the filter to act on them all
        </span>
      ) : (
        manualOperations.map((operation) => (
          <button
            key={operation}
            type="button"
            className={buttonClass.small}
            onClick={() => props.onOperation(operation)}
          >
            {operationLabels[operation]} all
          </button>
        ))
      )}
    </section>
  );
}

/**
 * Under the filters: the operations over the whole filter (operators, when it matches anything)
 * and the downloads of it; the dialog of an operation opens with the count shown when clicked.
 */
export function FilterBar(props: {
  query: SessionsQuery;
  count: number;
  canOperate: boolean;
  onDone: (summary: OperationSummary) => void;
}) {
  const [open, setOpen] = useState<{ operation: ManualOperation; count: number }>();
  return (
    <div className="flex flex-wrap items-center gap-2">
      {props.canOperate && props.count > 0 ? (
        <FilterBulkActions
          count={props.count}
          onOperation={(operation) => setOpen({ operation, count: props.count })}
        />
      ) : null}
      <ExportLinks query={props.query} />
      {open ? (
        <FilterOperationDialog
          operation={open.operation}
          filter={props.query}
          count={open.count}
          onClose={(summary) => {
            setOpen(undefined);
            if (summary) props.onDone(summary);
          }}
        />
      ) : null}
    </div>
  );
}
