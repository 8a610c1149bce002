import Link from "next/link";
import { Badge, type Tone } from "@/components/ui/badge";
import type { ActionOutcome } from "@/lib/reconcile/execute";
import type { Action } from "@/lib/reconcile/types";

const outcomeTone: Record<ActionOutcome["status"], Tone> = {
  applied: "ok",
  failed: "error",
  skipped: "neutral",
};

/** A plan's actions, each with its reason and, once executed, its outcome. */
export function PlanList(props: {
  plan: Action[];
  outcomes?: (ActionOutcome | undefined)[];
  pendingLabel?: string;
}) {
  return (
    <ol className="space-y-1.5 text-sm">
      {props.plan.map((action, i) => {
        const outcome = props.outcomes?.[i];
        return (
          <li key={`${action.type}:${action.sessionId}`} data-testid="plan-action">
            <Badge tone="warning">{action.type}</Badge>{" "}
            <Link
              href={`/sessions/${encodeURIComponent(action.sessionId)}`}
              className="font-mono text-xs hover:underline"
            >
              {action.sessionId}
            </Link>{" "}
            <span className="text-slate-700">{action.reason}</span>
            {outcome ? (
              <div className="ml-6 text-xs">
                <Badge tone={outcomeTone[outcome.status]}>{outcome.status}</Badge>{" "}
                {outcome.error ?? outcome.detail}
              </div>
            ) : props.pendingLabel ? (
              <div className="ml-6 text-xs text-slate-500">{props.pendingLabel}</div>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
