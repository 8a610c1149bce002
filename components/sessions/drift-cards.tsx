import { formatDuration } from "@/lib/format/duration";
import { driftClasses, driftClassLabels, type DriftClass, type DriftThresholds } from "@/lib/drift/types";

/** What each class means, with the threshold in force, for the card's tooltip. */
function describeClass(driftClass: DriftClass, t: DriftThresholds): string {
  switch (driftClass) {
    case "stuck-terminating":
      return `terminating longer than ${formatDuration(t.stuckTerminatingSeconds)}, or at once when its agent is disconnected (the stop cannot be delivered)`;
    case "agent-lost":
      return `running on an agent disconnected longer than ${formatDuration(t.agentDisconnectGraceSeconds)}`;
    case "leaked-resources":
      return "terminated or failed, but objects still live";
    case "ended-but-running":
      return `terminated or failed more than ${formatDuration(t.endedButRunningGraceSeconds)} ago, but its connected agent still reports running it`;
    case "orphaned-resources":
      return `objects of ours with no session row, older than ${formatDuration(t.orphanGraceSeconds)}`;
    case "foreign-objects":
      return "objects with our label but another installation's id: never deleted here";
    case "missing-resources":
      return `running without Deployment or pods for more than ${formatDuration(t.missingResourcesGraceSeconds)}`;
    case "pending-too-long":
      return `pending longer than ${formatDuration(t.pendingTooLongSeconds)} with its agent gone`;
    case "pods-stuck-terminating":
      return `pod deletion overdue by more than ${formatDuration(t.podTerminatingMarginSeconds)} (finalizers, lost node)`;
    case "unhealthy":
      return `pods failing, or not Ready for more than ${formatDuration(t.unhealthyNotReadySeconds)}`;
  }
}

/** One card per drift class with its count; clicking one filters the table to it. */
export function DriftCards(props: {
  counts: Record<DriftClass, number>;
  selected: string | undefined;
  thresholds: DriftThresholds;
  onSelect: (driftClass: DriftClass) => void;
}) {
  return (
    <section aria-label="Drift by class" className="grid grid-cols-2 gap-2 sm:grid-cols-4 xl:grid-cols-10">
      {driftClasses.map((driftClass) => {
        const count = props.counts[driftClass];
        const selected = props.selected === driftClass;
        const tone =
          count === 0
            ? "border-slate-200 bg-white text-slate-500"
            : driftClass === "unhealthy" || driftClass === "pending-too-long"
              ? "border-amber-300 bg-amber-50 text-amber-900"
              : "border-red-300 bg-red-50 text-red-900";
        return (
          <button
            key={driftClass}
            type="button"
            data-testid={`drift-card-${driftClass}`}
            aria-pressed={selected}
            title={describeClass(driftClass, props.thresholds)}
            onClick={() => props.onSelect(driftClass)}
            className={`rounded-lg border p-3 text-left shadow-sm transition hover:shadow ${tone} ${selected ? "ring-2 ring-slate-900" : ""}`}
          >
            <div className="text-2xl font-semibold tabular-nums" data-testid="drift-count">
              {count}
            </div>
            <div className="text-xs font-medium">{driftClassLabels[driftClass]}</div>
          </button>
        );
      })}
    </section>
  );
}
