import Link from "next/link";
import { Time } from "@/components/ui/time";
import type { ReconcileStatus } from "@/lib/system/status";
import { StatusCard } from "./status-card";

type Readable = Extract<ReconcileStatus, { ok: true }>;

/** How passes start by themselves: the in-process loop, and a scheduler calling the cron endpoint. */
function triggerLines({ automation }: Readable) {
  return [
    automation.loop.on
      ? `in-process loop: every ${automation.loop.intervalSeconds} s`
      : "in-process loop: off (RECONCILE_INTERVAL_SECONDS=0)",
    automation.cron
      ? "cron endpoint: enabled (CRON_SECRET set)"
      : "cron endpoint: disabled (CRON_SECRET not set)",
  ];
}

function successLine({ automation }: Readable) {
  if (!automation.lastSucceeded) return "never succeeded yet";
  return (
    <>
      last succeeded <Time at={automation.lastSucceeded.at} /> (
      <Link className="underline" href={`/runs/${automation.lastSucceeded.runId}`}>
        run {automation.lastSucceeded.runId}
      </Link>
      )
    </>
  );
}

/**
 * Whether automatic reconciliation is on (and not held at the blast-radius limit), when it last
 * succeeded, and the agents' health: connected, silent, waiting for approval.
 */
export function ReconcileStatusCards({ reconcile }: { reconcile: ReconcileStatus }) {
  if (!reconcile.ok)
    return (
      <StatusCard
        title="Automatic reconciliation"
        ok={false}
        testId="reconcile-status"
        lines={[reconcile.error]}
      />
    );
  const { automation, agents } = reconcile;
  const on = automation.loop.on || automation.cron;
  return (
    <>
      <StatusCard
        title="Automatic reconciliation"
        ok={on && !automation.blocked}
        okText="On"
        notOkText={on ? "Blocked" : "Off"}
        testId="reconcile-status"
        lines={[
          ...triggerLines(reconcile),
          successLine(reconcile),
          ...(automation.blocked ? [`blocked: ${automation.blocked.reason}`] : []),
          ...automation.paused.map((p) => `${p.driftClass}: ${p.mode}`),
        ]}
      />
      <StatusCard
        title="Agents"
        ok={agents.silent === 0}
        okText={agents.connected + agents.silent === 0 ? "None" : "Connected"}
        notOkText={`${agents.silent} silent`}
        testId="agents-status"
        lines={[
          `${agents.connected} connected`,
          `${agents.silent} silent (approved, no heartbeat within the timeout)`,
          `${agents.pending} waiting for approval`,
        ]}
      />
    </>
  );
}
