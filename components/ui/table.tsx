import type { ReactNode, ThHTMLAttributes } from "react";

/** One column of a table: its header and what each row shows in it. */
export type Column<Row> = {
  /** The header cell's content; when no column has one, the table has no header row. */
  header?: ReactNode;
  /** What the column shows for a row. */
  cell: (row: Row) => ReactNode;
  /** Classes on this column's cells, beside the look's padding. */
  className?: string;
  /** The cell's tooltip, such as the whole of a text the cell cuts short. */
  title?: (row: Row) => string | undefined;
  /** Classes on this column's header cell, beside the look's. */
  headerClassName?: string;
  /** Attributes of the header cell, such as `aria-sort` on a sortable column. */
  headerProps?: Omit<ThHTMLAttributes<HTMLTableCellElement>, "children" | "className" | "scope">;
  /** The column's width class (a `<col>` each), for tables laid out `fixed`. */
  width?: string;
};

/** What a row puts on its `<tr>`: classes beside the look's, and the `data-*` attributes tests find it by. */
export type RowAttributes = { className?: string } & {
  [name: `data-${string}`]: string | number | undefined;
};

type Look = { table: string; head: string; th: string; td: string; tr: string };

// The classes each table had before it was one component, kept as they were so the pages look the same.
// They differ where the tables did: the cards' header rule has no colour (so currentColor in Tailwind 4),
// the sessions table's is slate-200.
const looks = {
  /** A page's table in a card (agents, runs, users). */
  card: {
    table: "w-full text-sm",
    head: "border-b bg-slate-50 text-left text-xs text-slate-600",
    th: "px-3 py-2 font-medium",
    td: "px-3 py-2",
    tr: "border-b border-slate-100",
  },
  /** The same, with shorter rows for long lists (audit). */
  "card-dense": {
    table: "w-full text-sm",
    head: "border-b bg-slate-50 text-left text-xs text-slate-600",
    th: "px-3 py-2 font-medium",
    td: "px-3 py-1.5",
    tr: "border-b border-slate-100",
  },
  /** Narrower cells, for many columns (sessions). */
  "card-narrow": {
    table: "w-full text-sm",
    head: "border-b border-slate-200 bg-slate-50 text-left text-xs text-slate-600",
    th: "px-2 py-2 font-medium",
    td: "px-2 py-2",
    tr: "border-b border-slate-100",
  },
  /** A small table under a line of a card's text (a deployment's conditions, a pod's containers). */
  inline: {
    table: "mt-1 text-xs",
    head: "text-slate-500",
    th: "pr-3 text-left font-normal last:pr-0",
    td: "pr-3 last:pr-0",
    tr: "",
  },
} satisfies Record<string, Look>;

const join = (...classes: (string | undefined | false)[]) => classes.filter(Boolean).join(" ");

/**
 * A table from its columns and rows: the one shell every table of the dashboard is drawn with.
 * `empty` is shown across all columns when there are no rows. No sorting or paging of its own: a
 * column's header may hold a control that asks the page to sort.
 */
export function DataTable<Row>(props: {
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string | number;
  rowAttributes?: (row: Row) => RowAttributes;
  empty?: ReactNode;
  look?: keyof typeof looks;
  /** Fixed layout: the columns keep their `width`, whatever the cells hold. */
  fixed?: boolean;
  className?: string;
}) {
  const { columns, rows } = props;
  const look: Look = looks[props.look ?? "card"];
  return (
    <table className={join(look.table, props.fixed && "table-fixed", props.className)}>
      {columns.some((c) => c.width) ? (
        <colgroup>
          {columns.map((c, i) => (
            <col key={i} className={c.width} />
          ))}
        </colgroup>
      ) : null}
      {columns.some((c) => c.header !== undefined) ? (
        <thead className={look.head}>
          <tr>
            {columns.map((c, i) => (
              <th key={i} scope="col" {...c.headerProps} className={join(look.th, c.headerClassName)}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
      ) : null}
      <tbody>
        {rows.length === 0 && props.empty !== undefined ? (
          <tr>
            <td colSpan={columns.length} className="px-3 py-8 text-center text-slate-500">
              {props.empty}
            </td>
          </tr>
        ) : null}
        {rows.map((row) => {
          const { className, ...attributes } = props.rowAttributes?.(row) ?? {};
          return (
            <tr key={props.rowKey(row)} {...attributes} className={join(look.tr, className) || undefined}>
              {columns.map((c, i) => (
                <td key={i} className={join(look.td, c.className)} title={c.title?.(row)}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/**
 * The bordered white card a page's table sits in; it scrolls sideways when the screen is narrow.
 * Labelled, it is a region of the page (`<section>`); `footer` stays below, outside the scroll.
 */
export function TableCard(props: { children: ReactNode; label?: string; footer?: ReactNode }) {
  const Frame = props.label ? "section" : "div";
  return (
    <Frame
      aria-label={props.label}
      className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm"
    >
      <div className="overflow-x-auto">{props.children}</div>
      {props.footer}
    </Frame>
  );
}
