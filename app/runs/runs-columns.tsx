import Link from "next/link";
import { runTone } from "@/components/reconcile/run-tone";
import { Badge } from "@/components/ui/badge";
import { sortableHeader, type SortState } from "@/components/ui/sort-header";
import type { Column } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import type { RunSortKey } from "@/lib/dashboard/list-queries";
import type { listRuns } from "@/lib/db/readers/reconcile";

/** One run as the runs table lists it. */
export type RunListItem = Awaited<ReturnType<typeof listRuns>>[number];

/** The runs table: run, start, trigger, status, counts, duration, note; most headers sort. */
export function runsColumns(sort: SortState<RunSortKey>): Column<RunListItem>[] {
  return [
    {
      header: "Run",
      cell: (run) => (
        <Link href={`/runs/${run.id}`} className="font-medium hover:underline">
          #{run.id}
        </Link>
      ),
    },
    {
      ...sortableHeader(sort, "started", "Started", "desc"),
      className: "font-mono text-xs whitespace-nowrap",
      cell: (run) => <Time at={run.startedAt} format="absolute" />,
    },
    {
      ...sortableHeader(sort, "trigger", "Trigger"),
      cell: (run) => (
        <>
          {run.trigger} · {run.actorId}
        </>
      ),
    },
    {
      ...sortableHeader(sort, "status", "Status"),
      cell: (run) => (
        <Badge tone={runTone[run.status] ?? "neutral"}>{run.dryRun ? "dry run" : run.status}</Badge>
      ),
    },
    {
      ...sortableHeader(sort, "planned", "Planned", "desc"),
      className: "tabular-nums",
      cell: (run) => (
        <>
          {run.plannedCount} <span className="text-xs text-slate-500">({run.appliedCount} applied)</span>
        </>
      ),
    },
    {
      ...sortableHeader(sort, "failed", "Failed", "desc"),
      className: "tabular-nums",
      cell: (run) => (
        <span className={run.failedCount ? "font-semibold text-red-700" : ""}>{run.failedCount}</span>
      ),
    },
    {
      ...sortableHeader(sort, "duration", "Duration", "desc"),
      className: "tabular-nums whitespace-nowrap",
      cell: (run) => <>{run.durationMs ?? "—"} ms</>,
    },
    {
      header: "Note",
      className: "max-w-md break-words text-xs text-slate-600",
      cell: (run) => run.error,
    },
  ];
}
