import { authorizePage } from "@/lib/auth/guard";
import type { Metadata } from "next";
import { Suspense } from "react";
import { AutoRefresh } from "@/components/layout/auto-refresh";
import { Unavailable } from "@/components/layout/unavailable";
import { PageSkeleton } from "@/components/ui/skeleton";
import { DataTable, TableCard } from "@/components/ui/table";
import { getQuarantineView } from "@/lib/dashboard/get-quarantine-view";
import { formatDuration } from "@/lib/format/duration";
import { quarantineColumns } from "./quarantine-columns";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Quarantine" };

/**
 * Objects in quarantine (GET /quarantine): scaled to 0 and marked by the reconciler instead of
 * deleted, with why, by whom, and the time left before they are deleted; Restore brings them back.
 */
export default async function QuarantinePage() {
  await authorizePage("/quarantine");
  // The check comes first, outside the boundary: a refusal is still a real 307, not a streamed one.
  return (
    <Suspense fallback={<PageSkeleton label="the quarantine" />}>
      <QuarantineContent />
    </Suspense>
  );
}

async function QuarantineContent() {
  let view;
  try {
    view = await getQuarantineView();
  } catch (error) {
    return <Unavailable error={error} />;
  }
  return (
    <div className="mx-auto max-w-[1400px] space-y-4 px-4 py-6">
      <AutoRefresh />
      <h1 className="text-xl font-semibold tracking-tight">Quarantine</h1>
      <p className="text-sm text-slate-600">
        In quarantine mode the reconciler scales a Deployment to 0 and marks it (and its Service) instead of
        deleting it; it deletes them {formatDuration(view.quarantineSeconds)} later (QUARANTINE_SECONDS).
        Restore scales it back and clears the marks; the reconciler then leaves it alone for as long again.
      </p>
      <TableCard label="Objects in quarantine">
        <DataTable
          columns={quarantineColumns(view.generatedAt)}
          rows={view.entries}
          rowKey={(e) => e.sessionId}
          rowAttributes={(e) => ({ "data-session-id": e.sessionId })}
          empty="Nothing is in quarantine."
        />
      </TableCard>
    </div>
  );
}
