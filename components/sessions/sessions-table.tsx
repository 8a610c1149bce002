import { DataTable, TableCard } from "@/components/ui/table";
import type { SessionsView } from "@/lib/dashboard/get-sessions-view";
import type { SessionsQuery, SortKey } from "@/lib/dashboard/query";
import type { SessionRowView } from "@/lib/dashboard/session-rows";
import { sessionsTableColumns } from "./sessions-table-columns";
import { SessionsTableFooter } from "./sessions-table-footer";

export { hasObjects } from "./session-row-cells";

const rowTone: Record<SessionRowView["severity"], string> = {
  ok: "",
  warning: "bg-amber-50/70",
  error: "bg-red-50 border-l-4 border-l-red-500",
};

const focusRing = "outline outline-2 -outline-offset-2 outline-blue-600";

// On a phone the table is a list of cards: each row a block, each cell a line under its label
// (see `phoneLabel`), the header row hidden rather than squeezed into overlapping columns.
const cardsOnPhone =
  "max-sm:block max-sm:[&_colgroup]:hidden max-sm:[&_thead]:hidden max-sm:[&_tbody]:block max-sm:[&_tr]:block max-sm:[&_tr]:py-1 max-sm:[&_td]:block max-sm:[&_td]:py-1";

/**
 * One page of sessions (paged on the server: never thousands of rows in the DOM). Drift rows are
 * tinted and carry a sentence per finding.
 */
export function SessionsTable(props: {
  view: SessionsView;
  query: SessionsQuery;
  onSort: (key: SortKey) => void;
  onPage: (page: number) => void;
  onPageSize: (pageSize: SessionsQuery["pageSize"]) => void;
  selected: Set<string>;
  onSelect: (ids: string[], selected: boolean) => void;
  /** Checkboxes only for those who may act on a selection. */
  selectable: boolean;
  /** The row the keyboard is on (`j`/`k`): ringed. */
  focusedId?: string;
}) {
  const { view } = props;
  const columns = sessionsTableColumns({
    rows: view.rows,
    selected: props.selected,
    onSelect: props.onSelect,
    selectable: props.selectable,
    query: props.query,
    onSort: props.onSort,
    now: new Date(view.generatedAt),
    manyClusters: (view.clusters ?? []).length > 1,
  });
  return (
    <TableCard
      label="Sessions"
      footer={
        <SessionsTableFooter
          view={view}
          pageSize={props.query.pageSize}
          onPage={props.onPage}
          onPageSize={props.onPageSize}
        />
      }
    >
      <DataTable
        look="card-narrow"
        fixed
        className={cardsOnPhone}
        columns={columns}
        rows={view.rows}
        rowKey={(row) => `${row.kind}:${row.id}`}
        rowAttributes={(row) => ({
          "data-testid": "session-row",
          "data-session-id": row.id,
          "data-severity": row.severity,
          "data-focused": row.id === props.focusedId ? "true" : undefined,
          className: `align-top ${rowTone[row.severity]} ${row.id === props.focusedId ? focusRing : ""}`,
        })}
        empty="No sessions match these filters."
      />
    </TableCard>
  );
}
