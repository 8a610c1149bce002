"use client";

import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Time } from "@/components/ui/time";
import { runTone } from "@/components/reconcile/run-tone";
import { useAutomationState } from "@/components/layout/use-automation-state";
import { useHydrated } from "@/components/ui/use-hydrated";
import type { AutomationState } from "@/lib/dashboard/automation";

/** The loop's next pass, or that the loop is off (and whether cron may still run passes). */
function NextRun({ loop, cron }: Pick<AutomationState, "loop" | "cron">) {
  if (!loop.on) return <>off{cron ? " (the cron endpoint may still run passes)" : ""}</>;
  return (
    <>
      {loop.nextAt ? <Time at={loop.nextAt} format="absolute" /> : "after the first interval"} (every{" "}
      {loop.intervalSeconds} s)
    </>
  );
}

/**
 * The automation at a glance, under the sessions page's title: the last run (its status, when,
 * a link), the next one, and whether anything holds it (blocked at the limit, classes paused).
 */
export function AutomationSummary() {
  const { data: state } = useAutomationState();
  // The banner's query (same key) may have answered before this boundary hydrates: render only
  // after hydration, as the server did (nothing), or React reports a mismatch.
  const hydrated = useHydrated();
  if (!hydrated || !state) return null;
  return (
    <dl
      aria-label="Automation"
      data-testid="automation-summary"
      className="flex flex-wrap items-center gap-x-5 gap-y-1 text-xs text-slate-600"
    >
      <div className="flex items-center gap-1" data-testid="automation-last-run">
        <dt>Last run:</dt>
        <dd className="flex items-center gap-1">
          {state.lastRun ? (
            <>
              <Link href={`/runs/${state.lastRun.runId}`} className="underline">
                run {state.lastRun.runId}
              </Link>
              <Badge tone={runTone[state.lastRun.status] ?? "neutral"}>{state.lastRun.status}</Badge>
              <Time at={state.lastRun.at} /> ({state.lastRun.trigger})
            </>
          ) : (
            "none yet"
          )}
        </dd>
      </div>
      <div className="flex items-center gap-1" data-testid="automation-next-run">
        <dt>Next run:</dt>
        <dd>
          <NextRun loop={state.loop} cron={state.cron} />
        </dd>
      </div>
      <div className="flex items-center gap-1" data-testid="automation-hold">
        <dt>Held:</dt>
        <dd className="flex flex-wrap items-center gap-1">
          {state.blocked ? <Badge tone="error">blocked at the blast-radius limit</Badge> : null}
          {state.paused.map((p) => (
            <Badge key={p.driftClass} tone="warning">
              {p.driftClass} {p.mode}
            </Badge>
          ))}
          {!state.blocked && state.paused.length === 0 ? "no" : null}
        </dd>
      </div>
    </dl>
  );
}
