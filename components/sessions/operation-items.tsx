import { Badge } from "@/components/ui/badge";
import type { OperationItem } from "./use-manual-operation";

/** How far the run is, as a bar. */
export function OperationProgress({ progress, actionable }: { progress: number; actionable: number }) {
  return (
    <div
      className="mb-3 h-2 overflow-hidden rounded bg-slate-200"
      role="progressbar"
      aria-valuenow={progress}
      aria-valuemax={actionable}
    >
      <div
        className="h-full bg-slate-900 transition-all"
        style={{ width: `${actionable ? (progress / actionable) * 100 : 0}%` }}
      />
    </div>
  );
}

function OperationItemRow({ item }: { item: OperationItem }) {
  return (
    <li
      data-testid="operation-item"
      data-session-id={item.sessionId}
      data-result={item.error ? "failed" : (item.outcome?.status ?? (item.refusal ? "refused" : "pending"))}
    >
      <span className="font-mono text-xs">{item.sessionId}</span>{" "}
      {item.refusal ? (
        <span className="text-slate-500">— not possible: {item.refusal}</span>
      ) : (
        <span>— {item.description}</span>
      )}
      {item.outcome ? (
        <span className="ml-2">
          <Badge
            tone={
              item.outcome.status === "applied"
                ? "ok"
                : item.outcome.status === "skipped"
                  ? "neutral"
                  : "error"
            }
          >
            {item.outcome.status}
          </Badge>{" "}
          <span className="text-xs text-slate-600">{item.outcome.error ?? item.outcome.detail}</span>
        </span>
      ) : null}
      {item.error ? <Badge tone="error">{item.error}</Badge> : null}
    </li>
  );
}

/** Each session of the operation: what it will do or why not, then its result. */
export function OperationItems({ items }: { items: OperationItem[] | undefined }) {
  return (
    <ul className="space-y-1.5" data-testid="operation-items">
      {items?.map((item) => (
        <OperationItemRow key={item.sessionId} item={item} />
      ))}
    </ul>
  );
}
