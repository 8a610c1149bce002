import { authorizePage } from "@/lib/auth/guard";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Unavailable } from "@/components/layout/unavailable";
import { Badge } from "@/components/ui/badge";
import { getRun } from "@/lib/db/readers/reconcile";
import type { ActionOutcome } from "@/lib/reconcile/execute";
import type { Action } from "@/lib/reconcile/types";
import { PlanList } from "@/components/reconcile/plan-list";
import { RunOutcomeBars } from "@/components/reconcile/run-outcome-bars";
import { runTone } from "@/components/reconcile/run-tone";
import { deriveOutcomeTallies } from "@/lib/dashboard/run-outcomes";
import { Time } from "@/components/ui/time";
import type { Metadata } from "next";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: `Run #${(await params).id}` };
}

/** One run: what it observed, what it planned, and what each action did. */
export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  await authorizePage("/runs/[id]", `/runs/${(await params).id}`);
  const id = Number((await params).id);
  if (!Number.isSafeInteger(id) || id <= 0) notFound();
  let run;
  try {
    run = await getRun(id);
  } catch (error) {
    return <Unavailable error={error} />;
  }
  if (!run) notFound();
  const plan = run.plan as unknown as Action[];
  const outcomes = run.outcomes as unknown as ActionOutcome[];
  const kinds = run.kinds as { kind: string; state: string; error?: string }[];
  return (
    <div className="mx-auto max-w-[1400px] space-y-4 px-4 py-6">
      <div className="flex items-center gap-3">
        <Link href="/runs" className="text-sm text-slate-500 hover:underline">
          ← Runs
        </Link>
        <h1 className="text-xl font-semibold">Run #{run.id}</h1>
        <Badge tone={runTone[run.status] ?? "neutral"}>{run.dryRun ? "dry run" : run.status}</Badge>
      </div>
      <section className="rounded-lg border border-slate-200 bg-white p-4 text-sm shadow-sm">
        <p>
          Started <Time at={run.startedAt} format="absolute" /> by {run.trigger} ({run.actorId});{" "}
          {run.durationMs ?? "?"} ms. Planned {run.plannedCount}, applied {run.appliedCount}, failed{" "}
          {run.failedCount}.
        </p>
        {run.error ? <p className="mt-2 text-amber-800">{run.error}</p> : null}
        <p className="mt-2 text-xs text-slate-600">
          Observed:{" "}
          {kinds.map((k) => `${k.kind} ${k.state}${k.error ? ` (${k.error})` : ""}`).join(" · ") || "—"}
        </p>
        <p className="mt-1 text-xs text-slate-600">
          Drift:{" "}
          {Object.entries(run.driftCounts)
            .filter(([, n]) => n > 0)
            .map(([c, n]) => `${c} ${n}`)
            .join(" · ") || "none"}
        </p>
      </section>
      <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <h2 className="mb-2 text-sm font-semibold text-slate-700">Plan and outcomes</h2>
        {plan.length === 0 ? <p className="text-sm text-slate-500">Nothing was planned.</p> : null}
        <div className="mb-4 max-w-2xl">
          <RunOutcomeBars tallies={deriveOutcomeTallies(plan, outcomes)} />
        </div>
        <PlanList plan={plan} outcomes={outcomes} pendingLabel="not executed" />
      </section>
    </div>
  );
}
