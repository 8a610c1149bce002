import type { ReactNode } from "react";
import type { Column } from "@/components/ui/table";
import type { SessionsQuery, SortKey } from "@/lib/dashboard/query";
import type { SessionRowView } from "@/lib/dashboard/session-rows";
import { AgentCell, DriftCell, ObjectCellView, SessionCell, StateCell } from "./session-row-cells";

/** A cell's column name, shown only on a phone, where the table is a list of cards. */
const phoneLabel = (label: string, content: ReactNode) => (
  <>
    <div className="text-[10px] font-medium uppercase tracking-wide text-slate-500 sm:hidden">{label}</div>
    {content}
  </>
);

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

type Selection = {
  rows: SessionRowView[];
  selected: Set<string>;
  onSelect: (ids: string[], selected: boolean) => void;
  /** Checkboxes only for those who may act on a selection. */
  selectable: boolean;
};

/** The first column: a checkbox per row and one for the whole page, for those who may select. */
function selectionColumn({ rows, selected, onSelect, selectable }: Selection): Column<SessionRowView> {
  return {
    width: "w-8",
    headerClassName: "text-center",
    header: selectable ? (
      <input
        type="checkbox"
        aria-label="Select all rows on this page"
        checked={rows.length > 0 && rows.every((r) => selected.has(r.id))}
        onChange={(e) =>
          onSelect(
            rows.map((r) => r.id),
            e.target.checked,
          )
        }
      />
    ) : null,
    cell: (row) =>
      selectable ? (
        <input
          type="checkbox"
          aria-label={`Select ${row.id}`}
          checked={selected.has(row.id)}
          onChange={(e) => onSelect([row.id], e.target.checked)}
        />
      ) : null,
  };
}

/** A Deployment, Service or Pods column: the health of that kind of the session's objects. */
const objectColumn = (
  label: string,
  kind: "deployment" | "service" | "pods",
  width: string,
): Column<SessionRowView> => ({
  width,
  header: label,
  cell: (row) => phoneLabel(label, <ObjectCellView cell={row[kind]} />),
});

/**
 * The sessions table's columns: selection, session, cluster (when there are several), agent,
 * state, the three kinds, drift.
 */
export function sessionsTableColumns(
  props: Selection & SortProps & { now: Date; manyClusters?: boolean },
): Column<SessionRowView>[] {
  const { now } = props;
  const cluster: Column<SessionRowView>[] = props.manyClusters
    ? [
        {
          width: "w-[7%]",
          ...sortable("Cluster", "cluster", props),
          cell: (row) => phoneLabel("Cluster", <span className="break-all">{row.cluster ?? "—"}</span>),
        },
      ]
    : [];
  return [
    selectionColumn(props),
    { width: "w-[15%]", ...sortable("Session", "id", props), cell: (row) => <SessionCell row={row} /> },
    ...cluster,
    {
      width: "w-[12%]",
      ...sortable("Agent", "agent", props),
      cell: (row) => phoneLabel("Agent", <AgentCell row={row} now={now} />),
    },
    {
      width: "w-[11%]",
      ...sortable("State", "state", props),
      cell: (row) => phoneLabel("State", <StateCell row={row} now={now} />),
    },
    objectColumn("Deployment", "deployment", "w-[11%]"),
    objectColumn("Service", "service", "w-[10%]"),
    objectColumn("Pods", "pods", "w-[10%]"),
    {
      width: props.manyClusters ? "w-[24%]" : "w-[31%]",
      ...sortable("Drift", "severity", props),
      cell: (row) =>
        row.drift.length > 0 ? phoneLabel("Drift", <DriftCell row={row} />) : <DriftCell row={row} />,
    },
  ];
}
