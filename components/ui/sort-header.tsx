import Link from "next/link";
import type { Column } from "./table";

/** Which way a sorted column runs. */
type Direction = "asc" | "desc";

/** The table's current sort, and how to link to another. */
export type SortState<Key extends string> = {
  sort: Key;
  dir: Direction;
  /** The address of the table sorted by `key` in `dir` (back on its first page). */
  hrefFor: (key: Key, dir: Direction) => string;
};

/**
 * A column header that sorts: a link to the table sorted by `key` (the other way round when it
 * already is), with `aria-sort` on the header cell so a screen reader says which column leads.
 * `firstDir` is where a click on an unsorted column starts: newest or biggest first for times and
 * counts, A to Z for names.
 */
export function sortableHeader<Row, Key extends string>(
  state: SortState<Key>,
  key: Key,
  label: string,
  firstDir: Direction = "asc",
): Pick<Column<Row>, "header" | "headerProps"> {
  const active = state.sort === key;
  const next: Direction = active ? (state.dir === "asc" ? "desc" : "asc") : firstDir;
  const arrow = active ? (state.dir === "asc" ? "▲" : "▼") : "";
  return {
    header: (
      <Link
        href={state.hrefFor(key, next)}
        className="inline-flex items-center gap-1 hover:underline"
        data-testid={`sort-${key}`}
        aria-label={`${label}: sort ${next === "asc" ? "ascending" : "descending"}`}
      >
        {label}
        <span aria-hidden="true" className="w-3 text-[10px]">
          {arrow}
        </span>
      </Link>
    ),
    headerProps: { "aria-sort": active ? (state.dir === "asc" ? "ascending" : "descending") : "none" },
  };
}
