"use client";

import Link from "next/link";
import { Time } from "@/components/ui/time";
import { useAutomationState } from "./use-automation-state";

/**
 * Under the top bar of every page: automation paused by an admin (who, when, why), or held at the
 * blast-radius limit (since when, why, and where to look). Polled, so it appears and goes without a
 * reload.
 */
export function AutomationBanner({ refreshMs = 10_000 }: { refreshMs?: number }) {
  const { data } = useAutomationState(refreshMs);
  const blocked = data?.blocked;
  const pause = data?.pause;
  return (
    <>
      {pause ? (
        <div role="alert" data-testid="automation-paused" className="border-b border-amber-200 bg-amber-50">
          <p className="mx-auto max-w-[1600px] px-4 py-2 text-sm text-amber-900">
            <span className="font-semibold">Automation paused</span> by {pause.by} at{" "}
            <Time at={pause.at} format="absolute" />: {pause.reason}. No pass acts until an admin resumes it
            on{" "}
            <Link className="underline" href="/settings">
              Settings
            </Link>
            ; one-click fixes by people still work.
          </p>
        </div>
      ) : null}
      {blocked ? <BlockedBanner blocked={blocked} /> : null}
    </>
  );
}

function BlockedBanner({ blocked }: { blocked: { runId: number; since: string; reason: string } }) {
  return (
    <div role="alert" data-testid="automation-blocked" className="border-b border-red-200 bg-red-50">
      <p className="mx-auto max-w-[1600px] px-4 py-2 text-sm text-red-800">
        <span className="font-semibold">Automation blocked</span> since{" "}
        <Time at={blocked.since} format="absolute" />: {blocked.reason}. Destructive actions wait for an
        admin: see{" "}
        <Link className="underline" href={`/runs/${blocked.runId}`}>
          run {blocked.runId}
        </Link>{" "}
        and “Reconcile now” on Sessions.
      </p>
    </div>
  );
}
