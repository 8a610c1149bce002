import { buttonClass } from "@/components/ui/dialog";
import { manualOperations, type ManualOperation } from "@/lib/reconcile/operations";
import { operationLabels } from "./operation-dialog";

/** The bar over a selection: how many, a button per operation, and clearing it. */
export function BulkActions(props: {
  count: number;
  onOperation: (operation: ManualOperation) => void;
  onClear: () => void;
}) {
  return (
    <section
      aria-label="Bulk actions"
      className="flex items-center gap-2 rounded border border-slate-300 bg-white px-3 py-2 text-sm"
    >
      <span data-testid="selection-count">{props.count} selected</span>
      {manualOperations.map((operation) => (
        <button
          key={operation}
          type="button"
          className={buttonClass.small}
          onClick={() => props.onOperation(operation)}
        >
          {operationLabels[operation]}
        </button>
      ))}
      <button type="button" className="ml-auto text-xs underline" onClick={props.onClear}>
        Clear selection
      </button>
    </section>
  );
}
