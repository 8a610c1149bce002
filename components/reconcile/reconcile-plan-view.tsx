import type { RunReport } from "@/lib/reconcile/run";
import { PlanList } from "./plan-list";

/** Who needs to look at what the reconciler does not fix by itself. */
function NeedsAHuman({ attention }: Pick<RunReport, "attention">) {
  if (attention.length === 0) return null;
  return (
    <div>
      <p className="font-medium">Needs a human ({attention.length}):</p>
      <ul className="list-disc pl-5 text-slate-700">
        {attention.map((a) => (
          <li key={`${a.sessionId}:${a.driftClass}`}>
            <span className="font-mono text-xs">{a.sessionId}</span> {a.sentence}
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * The plan of the dry run, or once applied, the run's: why it is held back, each action (with
 * its outcome after the run), what needs a human, and for an admin the tick to apply it past the
 * blast-radius limit.
 */
export function ReconcilePlanView(props: {
  shown: RunReport;
  preview: RunReport | undefined;
  result: RunReport | undefined;
  canOverride: boolean;
  allowLargeRun: boolean;
  onAllowLargeRun: (allow: boolean) => void;
}) {
  const { shown, preview, result, canOverride } = props;
  return (
    <div className="space-y-3" data-testid="reconcile-plan">
      {shown.error ? <p className="text-amber-800">{shown.error}</p> : null}
      {shown.reason ? (
        <p className="font-medium text-red-700" data-testid="reconcile-reason">
          {shown.reason}
          {!result && !canOverride ? " — only an admin can apply it past the limit." : null}
        </p>
      ) : null}
      {shown.plan.length === 0 ? <p>Nothing to do: no drift that the reconciler fixes by itself.</p> : null}
      <PlanList plan={shown.plan} outcomes={result?.outcomes} />
      <NeedsAHuman attention={shown.attention} />
      {!result && preview?.reason && preview.plan.length > 0 && canOverride ? (
        <label className="flex items-center gap-2 text-xs text-slate-600">
          <input
            type="checkbox"
            checked={props.allowLargeRun}
            onChange={(e) => props.onAllowLargeRun(e.target.checked)}
          />
          Apply this plan even past the blast-radius limit (I have read the whole plan)
        </label>
      ) : null}
    </div>
  );
}
