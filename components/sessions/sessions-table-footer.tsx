import type { SessionsView } from "@/lib/dashboard/get-sessions-view";

/** How many rows match, and the pager. */
export function SessionsTableFooter({
  view,
  onPage,
}: {
  view: SessionsView;
  onPage: (page: number) => void;
}) {
  return (
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
