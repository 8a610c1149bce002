import Link from "next/link";
import { operationLabels } from "./operation-dialog";
import type { OperationSummary } from "./operation-summary";

/** What the last operation did, kept above the table after its dialog closed until dismissed. */
export function OperationNotice(props: { summary: OperationSummary; onDismiss: () => void }) {
  const { summary } = props;
  const counts = [
    `${summary.applied} applied`,
    ...(summary.skipped ? [`${summary.skipped} skipped`] : []),
    `${summary.failed} failed`,
    ...(summary.refused ? [`${summary.refused} not possible`] : []),
  ].join(", ");
  return (
    <div
      role="status"
      data-testid="operation-notice"
      className={`flex items-center gap-2 rounded border px-3 py-2 text-sm ${
        summary.failed ? "border-red-300 bg-red-50 text-red-900" : "border-emerald-300 bg-emerald-50"
      }`}
    >
      <span>
        {operationLabels[summary.operation]}: {counts} — see the{" "}
        <Link href="/audit" className="underline">
          audit log
        </Link>
      </span>
      <button type="button" className="ml-auto text-xs underline" onClick={props.onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
