import { authorizePage } from "@/lib/auth/guard";
import Link from "next/link";
import { Unavailable } from "@/components/layout/unavailable";
import { DataTable, TableCard } from "@/components/ui/table";
import { listAudit } from "@/lib/db/readers/audit";
import { auditColumns } from "./audit-columns";
import { auditFilterSchema } from "./audit-filter";
import { AuditFilterForm } from "./audit-filter-form";
import type { Metadata } from "next";
import { Suspense } from "react";
import { PageSkeleton } from "@/components/ui/skeleton";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Audit log" };

const pageSize = 100;

/** The audit log: who did what to which session or agent, when; filterable, newest first. */
export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  await authorizePage("/audit");
  // The check comes first, outside the boundary: a refusal is still a real 307, not a streamed one.
  return (
    <Suspense fallback={<PageSkeleton label="the audit log" />}>
      <AuditContent searchParams={searchParams} />
    </Suspense>
  );
}

async function AuditContent({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const filter = auditFilterSchema.parse(await searchParams);
  let events;
  try {
    events = await listAudit({
      ...filter,
      beforeId: filter.before,
      limit: pageSize,
    });
  } catch (error) {
    return <Unavailable error={error} />;
  }
  const older = new URLSearchParams(
    Object.entries({ ...(await searchParams), before: String(events.at(-1)?.id ?? "") }).filter(
      ([, v]) => v,
    ) as [string, string][],
  );
  return (
    <div className="mx-auto max-w-[1400px] space-y-4 px-4 py-6">
      <h1 className="text-xl font-semibold tracking-tight">Audit log</h1>
      <AuditFilterForm filter={filter} />
      <TableCard>
        <DataTable
          look="card-dense"
          columns={auditColumns}
          rows={events}
          rowKey={(e) => e.id}
          rowAttributes={() => ({ "data-testid": "audit-row", className: "align-top" })}
          empty="No events match."
        />
      </TableCard>
      {events.length === pageSize ? (
        <Link href={`/audit?${older}`} className="text-sm underline">
          Older events →
        </Link>
      ) : null}
    </div>
  );
}
