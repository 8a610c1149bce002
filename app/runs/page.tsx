import { authorizePage } from "@/lib/auth/guard";
import Link from "next/link";
import { AutoRefresh } from "@/components/layout/auto-refresh";
import { Unavailable } from "@/components/layout/unavailable";
import { DriftChart } from "@/components/reconcile/drift-chart";
import { Pager } from "@/components/ui/pager";
import { QueryProblems } from "@/components/ui/query-problems";
import { DataTable, TableCard } from "@/components/ui/table";
import { runsQuerySchema, type RunSortKey } from "@/lib/dashboard/list-queries";
import { derivePageCount, pageSizes, parseTableQuery, withParams } from "@/lib/dashboard/table-query";
import { countRuns, listRuns } from "@/lib/db/readers/reconcile";
import { runsColumns } from "./runs-columns";
import type { Metadata } from "next";
import { Suspense } from "react";
import { PageSkeleton } from "@/components/ui/skeleton";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Runs" };

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

/** How many of the latest runs the chart draws. */
const chartRuns = 200;

async function RunsContent({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const params = await searchParams;
  const includeSkipped = params.skipped === "1";
  const { query, problems } = parseTableQuery(runsQuerySchema, params);
  let runs, total, recent;
  try {
    [runs, total, recent] = await Promise.all([
      listRuns({
        sort: query.sort,
        dir: query.dir,
        includeSkipped,
        limit: query.size,
        offset: (query.page - 1) * query.size,
      }),
      countRuns({ includeSkipped }),
      listRuns({ limit: chartRuns, includeSkipped: false }),
    ]);
  } catch (error) {
    return <Unavailable error={error} />;
  }
  const acting = recent.filter((r) => !r.dryRun && r.status !== "skipped").reverse();
  const columns = runsColumns({
    sort: query.sort,
    dir: query.dir,
    hrefFor: (sort: RunSortKey, dir) => `/runs${withParams(params, { sort, dir, page: undefined })}`,
  });
  return (
    <div className="mx-auto max-w-[1400px] space-y-4 px-4 py-6">
      <AutoRefresh />
      <h1 className="text-xl font-semibold tracking-tight">Reconcile runs</h1>
      <QueryProblems problems={problems} resetHref="/runs" />
      <section
        className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
        aria-label="Drift over time"
      >
        <h2 className="mb-2 text-sm font-semibold text-slate-700">
          Stuck and leaked sessions, run by run (times in UTC)
        </h2>
        <DriftChart
          runs={acting.map((r) => ({ id: r.id, startedAt: r.startedAt }))}
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
          <Link href={`/runs${withParams(params, { skipped: undefined, page: undefined })}`}>
            Hide skipped and paused runs
          </Link>
        ) : (
          <Link href={`/runs${withParams(params, { skipped: "1", page: undefined })}`}>
            Show skipped and paused runs too
          </Link>
        )}
      </p>
      <TableCard
        footer={
          <Pager
            page={query.page}
            pageCount={derivePageCount(total, query.size)}
            size={query.size}
            sizes={pageSizes}
            total={total}
            noun="runs"
            hrefFor={(page, size) => `/runs${withParams(params, { page, size })}`}
          />
        }
      >
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
