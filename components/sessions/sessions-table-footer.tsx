import type { SessionsView } from "@/lib/dashboard/get-sessions-view";
import { pageSizes, type SessionsQuery } from "@/lib/dashboard/query";

/** How many rows match (and how many quiet ended ones are hidden), the page size, and the pager. */
export function SessionsTableFooter({
  view,
  pageSize,
  onPage,
  onPageSize,
}: {
  view: SessionsView;
  pageSize: SessionsQuery["pageSize"];
  onPage: (page: number) => void;
  onPageSize: (pageSize: SessionsQuery["pageSize"]) => void;
}) {
  return (
    <footer className="flex flex-wrap items-center justify-between gap-2 border-t border-slate-200 px-3 py-2 text-xs text-slate-600">
      <span data-testid="row-count">
        {view.filteredTotal === view.total
          ? `${view.total} rows`
          : `${view.filteredTotal} of ${view.total} rows`}
        {view.hiddenEnded > 0 ? ` · ${view.hiddenEnded} ended hidden` : ""}
      </span>
      <span className="flex flex-wrap items-center gap-2">
        <label className="flex items-center gap-1">
          Rows per page
          <select
            value={pageSize}
            onChange={(e) => onPageSize(Number(e.target.value) as SessionsQuery["pageSize"])}
            className="rounded border border-slate-300 bg-white px-1 py-0.5"
          >
            {pageSizes.map((size) => (
              <option key={size} value={size}>
                {size}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          disabled={view.page <= 1}
          onClick={() => onPage(view.page - 1)}
          className="rounded border px-2 py-0.5 disabled:opacity-40"
        >
          Previous
        </button>
        page {view.page} of {view.pageCount}
        <button
          type="button"
          disabled={view.page >= view.pageCount}
          onClick={() => onPage(view.page + 1)}
          className="rounded border px-2 py-0.5 disabled:opacity-40"
        >
          Next
        </button>
      </span>
    </footer>
  );
}
