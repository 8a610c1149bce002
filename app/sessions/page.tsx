import { authorizePage } from "@/lib/auth/guard";
import { Unavailable } from "@/components/layout/unavailable";
import { ReconcileNow } from "@/components/reconcile/reconcile-now";
import { AutomationSummary } from "@/components/sessions/automation-summary";
import { SessionsDashboard } from "@/components/sessions/sessions-dashboard";
import { getSessionsView } from "@/lib/dashboard/get-sessions-view";
import { parseSessionsQuery } from "@/lib/dashboard/query";
import type { Metadata } from "next";
import { Suspense } from "react";
import { PageSkeleton } from "@/components/ui/skeleton";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Sessions" };

/** The admins' home: every session beside the live health of its objects, drift first. */
export default async function SessionsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await authorizePage("/sessions");
  // The check comes first, outside the boundary: a refusal is still a real 307, not a streamed one.
  return (
    <Suspense fallback={<PageSkeleton label="sessions" />}>
      <SessionsContent searchParams={searchParams} />
    </Suspense>
  );
}

async function SessionsContent({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const query = parseSessionsQuery(await searchParams, "drop");
  let view;
  try {
    view = await getSessionsView(query);
  } catch (error) {
    return <Unavailable error={error} />;
  }
  return (
    <div className="mx-auto max-w-[1600px] px-4 py-6">
      <div className="mb-4 flex flex-wrap items-center justify-between gap-2">
        <div className="space-y-1">
          <h1 className="text-xl font-semibold tracking-tight">Sessions</h1>
          <AutomationSummary />
        </div>
        <ReconcileNow />
      </div>
      <SessionsDashboard initialView={view} initialQuery={query} />
    </div>
  );
}
