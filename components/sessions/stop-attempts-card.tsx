import { Badge } from "@/components/ui/badge";
import { Time } from "@/components/ui/time";
import type { StopAttempts } from "@/lib/sessions/stop-attempts";

/** The session's stop attempts: how many (escalated past `escalateAttempts`), the agent's last error. */
export function StopAttemptsCard(props: { stops: StopAttempts; escalateAttempts: number; now: Date }) {
  const { stops } = props;
  if (stops.attempts === 0) return null;
  return (
    <section
      aria-label="Stop attempts"
      data-testid="stop-attempts"
      className="rounded-lg border border-slate-200 bg-white p-4 text-sm shadow-sm"
    >
      <h2 className="mb-2 font-medium">
        Stop attempts{" "}
        <Badge tone={stops.attempts >= props.escalateAttempts ? "error" : "warning"}>
          stop ×{stops.attempts}
        </Badge>
      </h2>
      <p className="text-slate-700">
        {stops.attempts} stop{stops.attempts === 1 ? "" : "s"} sent
        {stops.open ? ", one still open" : ""}
        {stops.lastAt ? (
          <>
            , the last <Time at={stops.lastAt} now={props.now} />
          </>
        ) : null}
        . Escalates after {props.escalateAttempts} (a setting).
      </p>
      {stops.lastError ? (
        <p className="mt-1 text-red-800">
          The agent&apos;s last error: <code>{stops.lastError}</code>
        </p>
      ) : null}
    </section>
  );
}
