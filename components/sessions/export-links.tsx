import type { SessionsQuery } from "@/lib/dashboard/query";
import { toSearchParams } from "./use-sessions-view";

/**
 * Downloads of the sessions view under the current filter and sort: every page, not just this
 * one (the route ignores the paging). Plain links: the browser streams the file to disk.
 */
export function ExportLinks({ query }: { query: SessionsQuery }) {
  const href = (format: "csv" | "json") => {
    const params = toSearchParams(query);
    params.delete("page");
    params.delete("pageSize");
    params.set("format", format);
    return `/api/export/sessions?${params}`;
  };
  return (
    <span className="ml-auto flex items-center gap-2 text-sm" role="group" aria-label="Export">
      <a className="underline" href={href("csv")} download data-testid="export-csv">
        Export CSV
      </a>
      <a className="underline" href={href("json")} download data-testid="export-json">
        Export JSON
      </a>
    </span>
  );
}
