import { authorizePage } from "@/lib/auth/guard";
import Link from "next/link";
import { Unavailable } from "@/components/layout/unavailable";
import { Pager } from "@/components/ui/pager";
import { QueryProblems } from "@/components/ui/query-problems";
import { DataTable, TableCard } from "@/components/ui/table";
import { groupRefusedEvents } from "@/lib/dashboard/audit-groups";
import { auditQuerySchema, type AuditSortKey } from "@/lib/dashboard/list-queries";
import { derivePageCount, pageSizes, parseTableQuery, withParams } from "@/lib/dashboard/table-query";
import { countAudit, listAudit } from "@/lib/db/readers/audit";
import { auditColumns } from "./audit-columns";
import { auditFilterSchema } from "./audit-filter";
import { AuditExportLinks } from "./audit-export-links";
import { AuditFilterForm } from "./audit-filter-form";
import type { Metadata } from "next";
import { Suspense } from "react";
import { PageSkeleton } from "@/components/ui/skeleton";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Audit log" };

type Params = Record<string, string | undefined>;

/** The audit log: who did what to which session or agent, when; filterable, sortable, paged. */
export default async function AuditPage({ searchParams }: { searchParams: Promise<Params> }) {
  await authorizePage("/audit");
  // The check comes first, outside the boundary: a refusal is still a real 307, not a streamed one.
  return (
    <Suspense fallback={<PageSkeleton label="the audit log" />}>
      <AuditContent searchParams={searchParams} />
    </Suspense>
  );
}

async function AuditContent({ searchParams }: { searchParams: Promise<Params> }) {
  const params = await searchParams;
  const filter = auditFilterSchema.parse(params);
  const { query, problems } = parseTableQuery(auditQuerySchema, params);
  let events, total;
  try {
    [events, total] = await Promise.all([
      listAudit({
        ...filter,
        sort: query.sort,
        dir: query.dir,
        limit: query.size,
        offset: (query.page - 1) * query.size,
      }),
      countAudit(filter),
    ]);
  } catch (error) {
    return <Unavailable error={error} />;
  }
  const lines =
    filter.refused === "each"
      ? events.map((event) => ({ kind: "event" as const, event }))
      : groupRefusedEvents(events);
  const columns = auditColumns({
    sort: query.sort,
    dir: query.dir,
    hrefFor: (sort: AuditSortKey, dir) => `/audit${withParams(params, { sort, dir, page: undefined })}`,
  });
  return (
    <div className="mx-auto max-w-[1400px] space-y-4 px-4 py-6">
      <h1 className="text-xl font-semibold tracking-tight">Audit log</h1>
      <QueryProblems problems={problems} resetHref="/audit" />
      <AuditFilterForm filter={filter} query={query} />
      <p className="flex flex-wrap items-center gap-1 text-xs text-slate-500">
        <span>
          {filter.refused === "each" ? (
            <Link href={`/audit${withParams(params, { refused: undefined })}`} className="underline">
              Group repeated refused requests
            </Link>
          ) : (
            <>
              Three or more refused requests in a row from one actor show as one line (expand it for each).{" "}
              <Link href={`/audit${withParams(params, { refused: "each" })}`} className="underline">
                Show every refused request
              </Link>
            </>
          )}
        </span>
        <AuditExportLinks filter={filter} query={query} />
      </p>
      <TableCard
        footer={
          <Pager
            page={query.page}
            pageCount={derivePageCount(total, query.size)}
            size={query.size}
            sizes={pageSizes}
            total={total}
            noun="events"
            hrefFor={(page, size) => `/audit${withParams(params, { page, size })}`}
          />
        }
      >
        <DataTable
          look="card-dense"
          columns={columns}
          rows={lines}
          rowKey={(line) => (line.kind === "event" ? line.event.id : `g${line.events[0]!.id}`)}
          rowAttributes={(line) => ({
            "data-testid": line.kind === "event" ? "audit-row" : "refused-group",
            className: "align-top",
          })}
          empty="No events match."
        />
      </TableCard>
    </div>
  );
}
