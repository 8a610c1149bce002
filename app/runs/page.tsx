import { authorizePage } from "@/lib/auth/guard";
import Link from "next/link";
import { AutoRefresh } from "@/components/layout/auto-refresh";
import { Unavailable } from "@/components/layout/unavailable";
import { DriftChart } from "@/components/reconcile/drift-chart";
import { runTone } from "@/components/reconcile/run-tone";
import { Badge } from "@/components/ui/badge";
import { listRuns } from "@/lib/db/readers/reconcile";

export const dynamic = "force-dynamic";

/** Reconcile runs: when, who started them, what they planned and did, and the drift over time. */
export default async function RunsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  await authorizePage("/runs");
  const includeSkipped = (await searchParams).skipped === "1";
  let runs;
  try {
    runs = await listRuns({ limit: 200, includeSkipped });
  } catch (error) {
    return <Unavailable error={error} />;
  }
  const acting = runs.filter((r) => !r.dryRun && r.status !== "skipped").reverse();
  return (
    <main className="mx-auto max-w-[1400px] space-y-4 px-4 py-6">
      <AutoRefresh />
      <h1 className="text-xl font-semibold tracking-tight">Reconcile runs</h1>
      <section
        className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
        aria-label="Drift over time"
      >
        <h2 className="mb-2 text-sm font-semibold text-slate-700">Stuck and leaked sessions, run by run</h2>
        <DriftChart
          labels={acting.map((r) => r.startedAt.toISOString().slice(11, 19))}
          series={[
            {
              label: "stuck terminating",
              color: "#dc2626",
              values: acting.map((r) => r.driftCounts["stuck-terminating"] ?? 0),
            },
            {
              label: "leaked resources",
              color: "#d97706",
              values: acting.map((r) => r.driftCounts["leaked-resources"] ?? 0),
            },
            {
              label: "orphaned resources",
              color: "#7c3aed",
              values: acting.map((r) => r.driftCounts["orphaned-resources"] ?? 0),
            },
          ]}
        />
      </section>
      <p className="text-xs text-slate-500">
        {includeSkipped ? (
          <Link href="/runs">Hide skipped runs</Link>
        ) : (
          <Link href="/runs?skipped=1">Show skipped runs too</Link>
        )}
      </p>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
        <table className="w-full text-sm">
          <thead className="border-b bg-slate-50 text-left text-xs text-slate-600">
            <tr>
              <th className="px-3 py-2 font-medium">Run</th>
              <th className="px-3 py-2 font-medium">Started</th>
              <th className="px-3 py-2 font-medium">Trigger</th>
              <th className="px-3 py-2 font-medium">Status</th>
              <th className="px-3 py-2 font-medium">Planned / applied / failed</th>
              <th className="px-3 py-2 font-medium">Duration</th>
              <th className="px-3 py-2 font-medium">Note</th>
            </tr>
          </thead>
          <tbody>
            {runs.length === 0 ? (
              <tr>
                <td colSpan={7} className="px-3 py-8 text-center text-slate-500">
                  No runs yet. They come from the cron endpoint, the in-process loop, “Reconcile now” and `npm
                  run reconcile`.
                </td>
              </tr>
            ) : null}
            {runs.map((run) => (
              <tr key={run.id} className="border-b border-slate-100" data-testid="run-row">
                <td className="px-3 py-2">
                  <Link href={`/runs/${run.id}`} className="font-medium hover:underline">
                    #{run.id}
                  </Link>
                </td>
                <td className="px-3 py-2 font-mono text-xs">
                  {run.startedAt.toISOString().replace("T", " ").slice(0, 19)}Z
                </td>
                <td className="px-3 py-2">
                  {run.trigger} · {run.actorId}
                </td>
                <td className="px-3 py-2">
                  <Badge tone={runTone[run.status] ?? "neutral"}>{run.dryRun ? "dry run" : run.status}</Badge>
                </td>
                <td className="px-3 py-2 tabular-nums">
                  {run.plannedCount} / {run.appliedCount} /{" "}
                  <span className={run.failedCount ? "font-semibold text-red-700" : ""}>
                    {run.failedCount}
                  </span>
                </td>
                <td className="px-3 py-2 tabular-nums">{run.durationMs ?? "—"} ms</td>
                <td className="max-w-md truncate px-3 py-2 text-xs text-slate-600" title={run.error ?? ""}>
                  {run.error}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </main>
  );
}
