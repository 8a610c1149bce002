"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { useCan } from "@/components/auth/permissions";
import { buttonClass, Dialog } from "@/components/ui/dialog";
import type { ActionResult } from "@/lib/actions/define-action";
import { forceDeletePodAction } from "@/lib/actions/pods/force-delete-pod-action";
import { removePodFinalizersAction } from "@/lib/actions/pods/remove-pod-finalizers-action";
import type { StuckPodRepair } from "@/lib/dashboard/get-stuck-pods";
import { FORCE_DELETE_WARNING } from "@/lib/k8s/model/pod-repair";

type Repair = "remove-finalizers" | "force-delete";

const titles: Record<Repair, string> = {
  "remove-finalizers": "Remove finalizers",
  "force-delete": "Force delete",
};

/** What the dialog says before the admin types the pod's name. */
function RepairExplanation({ repair, pod }: { repair: Repair; pod: StuckPodRepair }) {
  if (repair === "remove-finalizers") {
    return (
      <>
        <p>
          Remove every finalizer of pod <code>{pod.name}</code>? Whatever each one guards (a volume detach, a
          cleanup of another system) will not happen. They are:
        </p>
        <ul className="my-2 list-disc pl-6" data-testid="pod-finalizers">
          {pod.finalizers.map((f) => (
            <li key={f}>
              <code>{f}</code>
            </li>
          ))}
        </ul>
      </>
    );
  }
  return (
    <>
      <p>
        Delete pod <code>{pod.name}</code> with grace period 0?
      </p>
      <p
        role="note"
        className="my-2 rounded bg-amber-50 p-2 text-amber-900"
        data-testid="force-delete-warning"
      >
        {FORCE_DELETE_WARNING}
      </p>
      {pod.nodeLoss ? (
        <p className="my-2 font-medium text-red-700" data-testid="node-loss">
          {pod.nodeLoss}
        </p>
      ) : null}
      {pod.finalizers.length ? (
        <p className="my-2">
          Its finalizers ({pod.finalizers.join(", ")}) still hold it in the API afterwards: remove them too.
        </p>
      ) : null}
    </>
  );
}

/** One repair's dialog: the explanation, the pod's name typed to confirm, the action's answer. */
function RepairDialog(props: {
  repair: Repair;
  pod: StuckPodRepair;
  sessionId: string;
  onClose: () => void;
}) {
  const router = useRouter();
  const inputId = useId();
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();
  const { pod, repair } = props;
  const action: (input: unknown) => Promise<ActionResult<unknown>> =
    repair === "remove-finalizers" ? removePodFinalizersAction : forceDeletePodAction;
  const run = () =>
    startTransition(async () => {
      setError(undefined);
      const result = await action({
        sessionId: props.sessionId,
        namespace: pod.namespace,
        name: pod.name,
        resourceVersion: pod.resourceVersion,
        confirmName: typed,
      });
      if (result.ok) {
        props.onClose();
        router.refresh();
      } else setError(result.error);
    });
  return (
    <Dialog
      title={`${titles[repair]}: pod ${pod.name}`}
      busy={pending}
      onClose={props.onClose}
      footer={
        <>
          <button type="button" className={buttonClass.secondary} onClick={props.onClose} disabled={pending}>
            Cancel
          </button>
          <button
            type="button"
            className={buttonClass.danger}
            onClick={run}
            disabled={pending || typed !== pod.name}
          >
            {titles[repair]}
          </button>
        </>
      }
    >
      <RepairExplanation repair={repair} pod={pod} />
      <label htmlFor={inputId} className="mt-3 block">
        Type the pod&apos;s name (<code>{pod.name}</code>) to confirm:
      </label>
      <input
        id={inputId}
        className="mt-1 w-full rounded border border-slate-300 px-2 py-1 font-mono text-sm"
        autoComplete="off"
        value={typed}
        onChange={(e) => setTyped(e.target.value)}
      />
      {error ? (
        <p role="alert" className="mt-2 text-red-700" data-testid="repair-error">
          {error}
        </p>
      ) : null}
    </Dialog>
  );
}

/**
 * "Remove finalizers" and "Force delete" for a pod stuck in Terminating: admins only (the actions
 * check the role again), each behind a dialog where the admin types the pod's name.
 */
export function StuckPodActions(props: { sessionId: string; pod: StuckPodRepair }) {
  const canRepair = useCan("pods:repair");
  const [open, setOpen] = useState<Repair>();
  if (!canRepair) return null;
  return (
    <span className="ml-2 inline-flex gap-1" data-testid="stuck-pod-actions">
      {props.pod.finalizers.length ? (
        <button type="button" className={buttonClass.small} onClick={() => setOpen("remove-finalizers")}>
          Remove finalizers
        </button>
      ) : null}
      <button type="button" className={buttonClass.small} onClick={() => setOpen("force-delete")}>
        Force delete
      </button>
      {open ? (
        <RepairDialog
          repair={open}
          pod={props.pod}
          sessionId={props.sessionId}
          onClose={() => setOpen(undefined)}
        />
      ) : null}
    </span>
  );
}
