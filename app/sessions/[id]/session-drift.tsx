import { Badge } from "@/components/ui/badge";
import type { SessionDetail } from "@/lib/dashboard/get-session-detail";
import { driftClassLabels } from "@/lib/drift/types";

/** The session's drift findings and the kinds that could not be observed; nothing when there are none. */
export function SessionDrift({ drift }: Pick<SessionDetail, "drift">) {
  if (drift.findings.length === 0 && drift.unknownKinds.length === 0) return null;
  return (
    <section
      aria-label="Drift"
      data-testid="session-drift"
      className="space-y-1 rounded-lg border border-red-300 bg-red-50 p-4"
    >
      {drift.findings.map((f) => (
        <p key={f.driftClass} className="text-sm">
          <Badge tone={f.severity}>{driftClassLabels[f.driftClass]}</Badge> {f.sentence}
        </p>
      ))}
      {drift.unknownKinds.length > 0 ? (
        <p className="text-sm italic text-slate-600">
          Drift unknown: {drift.unknownKinds.join(", ")} could not be observed.
        </p>
      ) : null}
    </section>
  );
}
