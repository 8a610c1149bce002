import Link from "next/link";
import { Badge, Dot, type Tone } from "@/components/ui/badge";
import { DataTable, TableCard, type Column } from "@/components/ui/table";
import { SessionActions } from "./session-actions";
import { driftClassLabels } from "@/lib/drift/types";
import { formatDuration, secondsBetween } from "@/lib/format/duration";
import type { SessionsView } from "@/lib/dashboard/get-sessions-view";
import type { SessionsQuery, SortKey } from "@/lib/dashboard/query";
import type { ObjectCell, SessionRowView } from "@/lib/dashboard/session-rows";

export const hasObjects = (row: SessionRowView) =>
  row.deployment.state === "present" || row.service.state === "present" || row.pods.count > 0;

const rowTone: Record<SessionRowView["severity"], string> = {
  ok: "",
  warning: "bg-amber-50/70",
  error: "bg-red-50 border-l-4 border-l-red-500",
};

const cellTone = (cell: ObjectCell): Tone =>
  cell.state === "unknown" ? "neutral" : cell.state === "absent" ? "neutral" : (cell.severity as Tone);

function ObjectCellView({ cell }: { cell: ObjectCell }) {
  if (cell.state === "absent") return <span className="text-slate-400">—</span>;
  if (cell.state === "unknown")
    return (
      <span className="italic text-slate-500" title="this kind could not be read">
        unknown
      </span>
    );
  return (
    <span className="flex items-center gap-1.5">
      <Dot tone={cellTone(cell)} label={cell.severity} />
      <span className="truncate">{cell.text}</span>
    </span>
  );
}

type SortProps = { query: SessionsQuery; onSort: (key: SortKey) => void };

/** A column whose header asks the page to sort by it (the server sorts). */
function sortable(
  label: string,
  sortKey: SortKey,
  { query, onSort }: SortProps,
): Pick<Column<SessionRowView>, "header" | "headerProps"> {
  const active = query.sort === sortKey;
  return {
    headerProps: { "aria-sort": active ? (query.dir === "asc" ? "ascending" : "descending") : "none" },
    header: (
      <button type="button" onClick={() => onSort(sortKey)} className="hover:underline">
        {label}
        {active ? (query.dir === "asc" ? " ▲" : " ▼") : ""}
      </button>
    ),
  };
}

/**
 * One page of sessions (paged on the server: never thousands of rows in the DOM). Drift rows are
 * tinted and carry a sentence per finding.
 */
export function SessionsTable(props: {
  view: SessionsView;
  query: SessionsQuery;
  onSort: (key: SortKey) => void;
  onPage: (page: number) => void;
  selected: Set<string>;
  onSelect: (ids: string[], selected: boolean) => void;
  /** Checkboxes only for those who may act on a selection. */
  selectable: boolean;
}) {
  const { view, query } = props;
  const now = new Date(view.generatedAt);
  const sort = { query, onSort: props.onSort };
  const columns: Column<SessionRowView>[] = [
    {
      width: "w-8",
      headerClassName: "text-center",
      header: props.selectable ? (
        <input
          type="checkbox"
          aria-label="Select all rows on this page"
          checked={view.rows.length > 0 && view.rows.every((r) => props.selected.has(r.id))}
          onChange={(e) =>
            props.onSelect(
              view.rows.map((r) => r.id),
              e.target.checked,
            )
          }
        />
      ) : null,
      cell: (row) =>
        props.selectable ? (
          <input
            type="checkbox"
            aria-label={`Select ${row.id}`}
            checked={props.selected.has(row.id)}
            onChange={(e) => props.onSelect([row.id], e.target.checked)}
          />
        ) : null,
    },
    {
      width: "w-[15%]",
      ...sortable("Session", "id", sort),
      cell: (row) => (
        <>
          {row.kind === "session" ? (
            <Link
              href={`/sessions/${row.id}`}
              className="font-mono text-xs font-medium text-slate-900 hover:underline"
            >
              {row.id}
            </Link>
          ) : (
            <span className="font-mono text-xs font-medium">{row.id}</span>
          )}
          <div className="truncate text-xs text-slate-500">
            {row.kind === "orphan" ? "no session row" : row.userId} · {row.namespace}
          </div>
          {row.drift.length > 0 || row.state === "terminating" ? (
            <div className="mt-1">
              <SessionActions sessionId={row.id} state={row.state} hasObjects={hasObjects(row)} />
            </div>
          ) : null}
        </>
      ),
    },
    {
      width: "w-[12%]",
      ...sortable("Agent", "agent", sort),
      cell: (row) => (
        <>
          {row.agentId ? (
            <span className="flex items-center gap-1.5">
              <Dot
                tone={row.agent ? (row.agent.connected ? "ok" : "error") : "neutral"}
                label={row.agent ? (row.agent.connected ? "connected" : "disconnected") : "unknown agent"}
              />
              <span className="truncate">{row.agentId}</span>
            </span>
          ) : (
            <span className="text-slate-400">—</span>
          )}
          {row.agent && !row.agent.connected ? (
            <div className="text-xs text-red-700">
              {row.agent.since
                ? `disconnected ${formatDuration(secondsBetween(new Date(row.agent.since), now))}`
                : "never connected"}
            </div>
          ) : null}
        </>
      ),
    },
    {
      width: "w-[11%]",
      ...sortable("State", "age", sort),
      cell: (row) => (
        <>
          {row.state ? (
            <Badge
              tone={row.state === "terminating" ? "warning" : row.state === "running" ? "ok" : "neutral"}
            >
              {row.state}
            </Badge>
          ) : (
            <Badge tone="error">no row</Badge>
          )}
          {row.stateChangedAt ? (
            <div className="text-xs text-slate-500">
              for {formatDuration(secondsBetween(new Date(row.stateChangedAt), now))}
            </div>
          ) : null}
        </>
      ),
    },
    { width: "w-[11%]", header: "Deployment", cell: (row) => <ObjectCellView cell={row.deployment} /> },
    { width: "w-[10%]", header: "Service", cell: (row) => <ObjectCellView cell={row.service} /> },
    { width: "w-[10%]", header: "Pods", cell: (row) => <ObjectCellView cell={row.pods} /> },
    {
      width: "w-[31%]",
      ...sortable("Drift", "severity", sort),
      cell: (row) => (
        <ul className="space-y-1">
          {row.drift.map((d) => (
            <li key={d.driftClass} data-testid="drift-finding" data-drift-class={d.driftClass}>
              <Badge tone={d.severity}>{driftClassLabels[d.driftClass]}</Badge>{" "}
              <span className="text-xs text-slate-700">{d.sentence}</span>
            </li>
          ))}
          {row.driftUnknown.length > 0 ? (
            <li className="text-xs italic text-slate-500">
              drift unknown: {row.driftUnknown.join(", ")} not observed
            </li>
          ) : null}
        </ul>
      ),
    },
  ];
  return (
    <TableCard
      label="Sessions"
      footer={
        <footer className="flex items-center justify-between border-t border-slate-200 px-3 py-2 text-xs text-slate-600">
          <span data-testid="row-count">
            {view.filteredTotal === view.total
              ? `${view.total} rows`
              : `${view.filteredTotal} of ${view.total} rows`}
          </span>
          <span className="flex items-center gap-2">
            <button
              type="button"
              disabled={view.page <= 1}
              onClick={() => props.onPage(view.page - 1)}
              className="rounded border px-2 py-0.5 disabled:opacity-40"
            >
              Previous
            </button>
            page {view.page} of {view.pageCount}
            <button
              type="button"
              disabled={view.page >= view.pageCount}
              onClick={() => props.onPage(view.page + 1)}
              className="rounded border px-2 py-0.5 disabled:opacity-40"
            >
              Next
            </button>
          </span>
        </footer>
      }
    >
      <DataTable
        look="card-narrow"
        fixed
        columns={columns}
        rows={view.rows}
        rowKey={(row) => `${row.kind}:${row.id}`}
        rowAttributes={(row) => ({
          "data-testid": "session-row",
          "data-session-id": row.id,
          "data-severity": row.severity,
          className: `align-top ${rowTone[row.severity]}`,
        })}
        empty="No sessions match these filters."
      />
    </TableCard>
  );
}
