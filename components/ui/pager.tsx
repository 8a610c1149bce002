import Link from "next/link";

const linkClass = "rounded border border-slate-300 px-2 py-0.5 hover:bg-slate-100";
const offClass = "rounded border border-slate-200 px-2 py-0.5 text-slate-500";

/**
 * Under a paged table: which rows are shown of how many, Previous / Next, and the page-size choice.
 * Plain links (the page is rendered on the server), so every page has an address to share.
 */
export function Pager(props: {
  page: number;
  pageCount: number;
  size: number;
  sizes: readonly number[];
  total: number;
  /** The address of page `page` at `size` rows a page. */
  hrefFor: (page: number, size: number) => string;
  /** What the rows are ("runs", "events"). */
  noun: string;
}) {
  const { page, pageCount, size, total } = props;
  const first = total === 0 ? 0 : (page - 1) * size + 1;
  const last = Math.min(total, page * size);
  return (
    <nav
      aria-label={`Pages of ${props.noun}`}
      className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-200 px-3 py-2 text-xs text-slate-600"
    >
      <span data-testid="pager-range">
        {first}–{last} of {total} {props.noun} · page {page} of {pageCount}
      </span>
      <span className="flex items-center gap-2">
        {page > 1 ? (
          <Link href={props.hrefFor(page - 1, size)} className={linkClass} rel="prev">
            ← Previous
          </Link>
        ) : (
          <span className={offClass} aria-disabled="true">
            ← Previous
          </span>
        )}
        {page < pageCount ? (
          <Link href={props.hrefFor(page + 1, size)} className={linkClass} rel="next">
            Next →
          </Link>
        ) : (
          <span className={offClass} aria-disabled="true">
            Next →
          </span>
        )}
      </span>
      <span className="flex items-center gap-1">
        Rows per page:
        {props.sizes.map((n) =>
          n === size ? (
            <span key={n} aria-current="true" className="rounded bg-slate-900 px-2 py-0.5 text-white">
              {n}
            </span>
          ) : (
            <Link key={n} href={props.hrefFor(1, n)} className={linkClass} aria-label={`${n} rows per page`}>
              {n}
            </Link>
          ),
        )}
      </span>
    </nav>
  );
}
