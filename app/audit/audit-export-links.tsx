import type { AuditSortKey } from "@/lib/dashboard/list-queries";
import type { TableQuery } from "@/lib/dashboard/table-query";
import type { AuditFilter } from "./audit-filter";

/**
 * Downloads of the audit log under the filter and sort the page shows (as it parsed them, so a
 * dropped bad value is dropped here too): every event, each on its own line, not this page only.
 */
export function AuditExportLinks({
  filter,
  query,
}: {
  filter: AuditFilter;
  query: TableQuery<AuditSortKey>;
}) {
  const href = (format: "csv" | "json") => {
    const params = new URLSearchParams({ format });
    for (const key of ["actorType", "actorId", "action", "sessionId"] as const) {
      const value = filter[key];
      if (value) params.set(key, value);
    }
    if (filter.since) params.set("since", filter.since.toISOString());
    if (filter.until) params.set("until", filter.until.toISOString());
    params.set("sort", query.sort);
    params.set("dir", query.dir);
    return `/api/export/audit?${params}`;
  };
  return (
    <span className="ml-auto flex items-center gap-3" role="group" aria-label="Export">
      <a className="underline" href={href("csv")} download data-testid="export-csv">
        Export CSV
      </a>
      <a className="underline" href={href("json")} download data-testid="export-json">
        Export JSON
      </a>
    </span>
  );
}
