import { useEffect, useState } from "react";
import type { ActionResult } from "@/lib/actions/define-action";
import { deleteResourcesAction } from "@/lib/actions/sessions/delete-resources-action";
import { forceTerminateAction } from "@/lib/actions/sessions/force-terminate-action";
import { previewOperationAction } from "@/lib/actions/sessions/preview-operation-action";
import { restoreObjectsAction } from "@/lib/actions/sessions/restore-objects-action";
import { retryStopAction } from "@/lib/actions/sessions/retry-stop-action";
import type { ActionOutcome } from "@/lib/reconcile/execute";
import type { ManualPreview } from "@/lib/reconcile/manual";
import type { ManualOperation } from "@/lib/reconcile/operations";

const run: Record<
  ManualOperation,
  (input: unknown) => Promise<ActionResult<(ManualPreview & { outcome?: ActionOutcome })[]>>
> = {
  "retry-stop": retryStopAction,
  "force-terminate": forceTerminateAction,
  "delete-resources": deleteResourcesAction,
  "restore-objects": restoreObjectsAction,
};

const chunkSize = 25;
const chunks = <T>(items: T[]) =>
  Array.from({ length: Math.ceil(items.length / chunkSize) }, (_, i) =>
    items.slice(i * chunkSize, (i + 1) * chunkSize),
  );

/** One session of the operation: what it will do (or why not), then its outcome or error. */
export type OperationItem = ManualPreview & { outcome?: ActionOutcome; error?: string };

export type OperationPhase = "preview" | "running" | "done";

/**
 * The preview of each session, read from the server in chunks; an error stops the reading. It is
 * read again only when the ids themselves change, never because a caller passed an equal new array.
 */
function useOperationPreview(operation: ManualOperation, sessionIds: string[]) {
  const [items, setItems] = useState<OperationItem[] | undefined>();
  const [error, setError] = useState<string>();
  const idsKey = sessionIds.join(" ");
  useEffect(() => {
    let cancelled = false;
    (async () => {
      const previews: OperationItem[] = [];
      for (const ids of chunks(idsKey ? idsKey.split(" ") : [])) {
        const result = await previewOperationAction({ operation, sessionIds: ids });
        if (!result.ok) return !cancelled && setError(result.error);
        previews.push(...result.data);
      }
      if (!cancelled) setItems(previews);
    })();
    return () => {
      cancelled = true;
    };
  }, [operation, idsKey]);
  return { items, setItems, error };
}

/**
 * An operation on many sessions: the preview, then `confirm` runs it in chunks on those it is
 * possible for, keeping each session's result and the progress.
 */
export function useManualOperation(operation: ManualOperation, sessionIds: string[]) {
  const { items, setItems, error } = useOperationPreview(operation, sessionIds);
  const [phase, setPhase] = useState<OperationPhase>("preview");
  const [progress, setProgress] = useState(0);

  const confirm = async () => {
    if (!items || phase !== "preview") return;
    setPhase("running");
    const ids = items.filter((i) => !i.refusal).map((i) => i.sessionId);
    const byId = new Map(items.map((i) => [i.sessionId, i]));
    let done = 0;
    for (const chunk of chunks(ids)) {
      const result = await run[operation]({ sessionIds: chunk });
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

  const actionable = items?.filter((i) => !i.refusal).length ?? 0;
  return { items, error, phase, progress, actionable, confirm };
}
