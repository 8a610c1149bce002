import { z } from "zod";

/** The page sizes a paged table offers. */
export const pageSizes = [25, 50, 100] as const;
export type PageSize = (typeof pageSizes)[number];

/** Which way a sorted column runs. */
export type SortDirection = "asc" | "desc";

/**
 * The sort and page of a table kept in the URL (`sort`, `dir`, `page`, `size`), for the sort keys
 * `keys`, `defaultSort` (in `defaultDir`) when the URL names none. Unlike a filter, a bad value is not dropped quietly: the page
 * says what it refused ({@link parseTableQuery}).
 */
export function tableQuerySchema<const Key extends string>(
  keys: readonly [Key, ...Key[]],
  defaultSort: Key,
  defaultDir: SortDirection = "desc",
) {
  return z.object({
    sort: z.enum(keys).default(defaultSort),
    dir: z.enum(["asc", "desc"]).default(defaultDir),
    page: z.coerce.number().int().min(1).max(1_000_000).default(1),
    size: z.coerce.number().pipe(z.literal(pageSizes)).default(50),
  });
}

/** A table's sort and page, as read from the URL. */
export type TableQuery<Key extends string> = {
  sort: Key;
  dir: SortDirection;
  page: number;
  size: PageSize;
};

/**
 * Reads the sort and page from search params. A value that does not parse leaves the table on its
 * defaults and comes back in `problems` ("sort: …"), for the page to show: a hand-edited or stale
 * link then gets an answer, not a silently different table.
 */
export function parseTableQuery<Key extends string>(
  schema: ReturnType<typeof tableQuerySchema<Key>>,
  params: Record<string, string | string[] | undefined>,
): { query: TableQuery<Key>; problems: string[] } {
  const flat = Object.fromEntries(
    ["sort", "dir", "page", "size"].map((k) => {
      const v = params[k];
      const first = Array.isArray(v) ? v[0] : v;
      return [k, first === "" ? undefined : first];
    }),
  );
  const parsed = schema.safeParse(flat);
  if (parsed.success) return { query: parsed.data as TableQuery<Key>, problems: [] };
  const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  return { query: schema.parse({}) as TableQuery<Key>, problems };
}

/** The search string of `params` with `changes` applied (undefined removes a key), for links. */
export function withParams(
  params: Record<string, string | string[] | undefined>,
  changes: Record<string, string | number | undefined>,
): string {
  const next = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    const first = Array.isArray(v) ? v[0] : v;
    if (first !== undefined && first !== "" && !(k in changes)) next.set(k, first);
  }
  for (const [k, v] of Object.entries(changes)) if (v !== undefined) next.set(k, String(v));
  const text = next.toString();
  return text ? `?${text}` : "?";
}

/** How many pages `total` rows fill at `size` a page (at least one, the empty one). */
export const derivePageCount = (total: number, size: number) => Math.max(1, Math.ceil(total / size));
