"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { buttonClass, Dialog } from "@/components/ui/dialog";
import type { ActionResult } from "@/lib/actions/define-action";
import { deleteResourcesAction } from "@/lib/actions/sessions/delete-resources-action";
import { forceTerminateAction } from "@/lib/actions/sessions/force-terminate-action";
import { previewOperationAction } from "@/lib/actions/sessions/preview-operation-action";
import { retryStopAction } from "@/lib/actions/sessions/retry-stop-action";
import type { ActionOutcome } from "@/lib/reconcile/execute";
import type { ManualPreview } from "@/lib/reconcile/manual";
import type { ManualOperation } from "@/lib/reconcile/operations";

export const operationLabels: Record<ManualOperation, string> = {
  "retry-stop": "Retry stop",
  "force-terminate": "Force terminate",
  "delete-resources": "Delete resources",
};

const run: Record<
  ManualOperation,
  (input: unknown) => Promise<ActionResult<(ManualPreview & { outcome?: ActionOutcome })[]>>
> = {
  "retry-stop": retryStopAction,
  "force-terminate": forceTerminateAction,
  "delete-resources": deleteResourcesAction,
};

const chunkSize = 25;
const chunks = <T,>(items: T[]) =>
  Array.from({ length: Math.ceil(items.length / chunkSize) }, (_, i) =>
    items.slice(i * chunkSize, (i + 1) * chunkSize),
  );

type Item = ManualPreview & { outcome?: ActionOutcome; error?: string };

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
  const [items, setItems] = useState<Item[] | undefined>();
  const [error, setError] = useState<string>();
  const [phase, setPhase] = useState<"preview" | "running" | "done">("preview");
  const [progress, setProgress] = useState(0);

  useEffect(() => {
    let cancelled = false;
    (async () => {
      const previews: Item[] = [];
      for (const ids of chunks(props.sessionIds)) {
        const result = await previewOperationAction({ operation: props.operation, sessionIds: ids });
        if (!result.ok) return !cancelled && setError(result.error);
        previews.push(...result.data);
      }
      if (!cancelled) setItems(previews);
    })();
    return () => {
      cancelled = true;
    };
  }, [props.operation, props.sessionIds]);

  const confirm = async () => {
    if (!items) return;
    setPhase("running");
    const ids = items.filter((i) => !i.refusal).map((i) => i.sessionId);
    const byId = new Map(items.map((i) => [i.sessionId, i]));
    let done = 0;
    for (const chunk of chunks(ids)) {
      const result = await run[props.operation]({ sessionIds: chunk });
      for (const id of chunk) {
        const item = byId.get(id)!;
        if (!result.ok) byId.set(id, { ...item, error: result.error });
        else byId.set(id, { ...item, ...result.data.find((r) => r.sessionId === id) });
      }
      done += chunk.length;
      setProgress(done);
      setItems(items.map((i) => byId.get(i.sessionId)!));
    }
    setPhase("done");
  };

  const close = () => {
    if (phase === "done") {
      void queryClient.invalidateQueries({ queryKey: ["sessions-view"] });
      router.refresh();
    }
    props.onClose(phase === "done");
  };

  const actionable = items?.filter((i) => !i.refusal).length ?? 0;
  return (
    <Dialog
      title={`${operationLabels[props.operation]}: ${props.sessionIds.length} session${props.sessionIds.length === 1 ? "" : "s"}`}
      onClose={close}
      busy={phase === "running"}
      footer={
        phase === "done" ? (
          <button type="button" className={buttonClass.primary} onClick={close}>
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
              disabled={!items || actionable === 0 || phase === "running"}
            >
              {phase === "running"
                ? `Working… ${progress}/${actionable}`
                : `${operationLabels[props.operation]} ${actionable}`}
            </button>
          </>
        )
      }
    >
      {error ? <p className="text-red-700">{error}</p> : null}
      {!items && !error ? <p className="text-slate-500">Reading the current state…</p> : null}
      {phase === "running" ? (
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
      ) : null}
      <ul className="space-y-1.5" data-testid="operation-items">
        {items?.map((item) => (
          <li
            key={item.sessionId}
            data-testid="operation-item"
            data-session-id={item.sessionId}
            data-result={
              item.error ? "failed" : (item.outcome?.status ?? (item.refusal ? "refused" : "pending"))
            }
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
        ))}
      </ul>
    </Dialog>
  );
}
