import { authorizePage } from "@/lib/auth/guard";
import Link from "next/link";
import { AutoRefresh } from "@/components/layout/auto-refresh";
import { Unavailable } from "@/components/layout/unavailable";
import { DriftChart } from "@/components/reconcile/drift-chart";
import { runTone } from "@/components/reconcile/run-tone";
import { Badge } from "@/components/ui/badge";
import { DataTable, TableCard, type Column } from "@/components/ui/table";
import { listRuns } from "@/lib/db/readers/reconcile";
import { Time } from "@/components/ui/time";
import type { Metadata } from "next";
import { Suspense } from "react";
import { PageSkeleton } from "@/components/ui/skeleton";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Runs" };

type Run = Awaited<ReturnType<typeof listRuns>>[number];

const columns: Column<Run>[] = [
  {
    header: "Run",
    cell: (run) => (
      <Link href={`/runs/${run.id}`} className="font-medium hover:underline">
        #{run.id}
      </Link>
    ),
  },
  {
    header: "Started",
    className: "font-mono text-xs",
    cell: (run) => <Time at={run.startedAt} format="absolute" />,
  },
  {
    header: "Trigger",
    cell: (run) => (
      <>
        {run.trigger} · {run.actorId}
      </>
    ),
  },
  {
    header: "Status",
    cell: (run) => (
      <Badge tone={runTone[run.status] ?? "neutral"}>{run.dryRun ? "dry run" : run.status}</Badge>
    ),
  },
  {
    header: "Planned / applied / failed",
    className: "tabular-nums",
    cell: (run) => (
      <>
        {run.plannedCount} / {run.appliedCount} /{" "}
        <span className={run.failedCount ? "font-semibold text-red-700" : ""}>{run.failedCount}</span>
      </>
    ),
  },
  { header: "Duration", className: "tabular-nums", cell: (run) => <>{run.durationMs ?? "—"} ms</> },
  {
    header: "Note",
    className: "max-w-md truncate text-xs text-slate-600",
    title: (run) => run.error ?? "",
    cell: (run) => run.error,
  },
];

/** Reconcile runs: when, who started them, what they planned and did, and the drift over time. */
export default async function RunsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  await authorizePage("/runs");
  // The check comes first, outside the boundary: a refusal is still a real 307, not a streamed one.
  return (
    <Suspense fallback={<PageSkeleton label="runs" />}>
      <RunsContent searchParams={searchParams} />
    </Suspense>
  );
}

async function RunsContent({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const includeSkipped = (await searchParams).skipped === "1";
  let runs;
  try {
    runs = await listRuns({ limit: 200, includeSkipped });
  } catch (error) {
    return <Unavailable error={error} />;
  }
  const acting = runs.filter((r) => !r.dryRun && r.status !== "skipped").reverse();
  return (
    <div className="mx-auto max-w-[1400px] space-y-4 px-4 py-6">
      <AutoRefresh />
      <h1 className="text-xl font-semibold tracking-tight">Reconcile runs</h1>
      <section
        className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
        aria-label="Drift over time"
      >
        <h2 className="mb-2 text-sm font-semibold text-slate-700">
          Stuck and leaked sessions, run by run (times in UTC)
        </h2>
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
      <TableCard>
        <DataTable
          columns={columns}
          rows={runs}
          rowKey={(run) => run.id}
          rowAttributes={() => ({ "data-testid": "run-row" })}
          empty={
            <>
              No runs yet. They come from the cron endpoint, the in-process loop, “Reconcile now” and `npm run
              reconcile`.
            </>
          }
        />
      </TableCard>
    </div>
  );
}
