import { authorizePage } from "@/lib/auth/guard";
import { SystemStatusPanel } from "@/components/system/system-status-panel";
import { getStatusReport } from "@/lib/system/status";
import type { Metadata } from "next";
import { Suspense } from "react";
import { PageSkeleton } from "@/components/ui/skeleton";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Status" };

export default async function StatusPage() {
  await authorizePage("/status");
  // The check comes first, outside the boundary: a refusal is still a real 307, not a streamed one.
  return (
    <Suspense fallback={<PageSkeleton label="the status" />}>
      <StatusContent />
    </Suspense>
  );
}

async function StatusContent() {
  const status = await getStatusReport(new Date());
  return (
    <div className="mx-auto max-w-3xl px-6 py-12">
      <h1 className="text-3xl font-semibold tracking-tight">Session Reconciler</h1>
      <p className="mt-2 text-slate-600">
        Every session beside the live health of its Kubernetes objects, and the fixes for drift.
      </p>
      <SystemStatusPanel initialStatus={status} />
    </div>
  );
}
