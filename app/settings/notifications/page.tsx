import type { Metadata } from "next";
import { Suspense } from "react";
import { Unavailable } from "@/components/layout/unavailable";
import { WebhooksSection } from "@/components/settings/webhooks-section";
import { QueryProblems } from "@/components/ui/query-problems";
import { PageSkeleton } from "@/components/ui/skeleton";
import { authorizePage } from "@/lib/auth/guard";
import { getEnv } from "@/lib/config/env";
import { deliveriesQuerySchema } from "@/lib/dashboard/list-queries";
import { derivePageCount, parseTableQuery, withParams } from "@/lib/dashboard/table-query";
import { listWebhookDeliveries, listWebhooks } from "@/lib/db/readers/webhooks";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Notifications" };

/**
 * Admins: outgoing webhooks and their delivery log. A page of its own until /settings exists in
 * main; then its section (components/settings/webhooks-section.tsx) moves there.
 */
export default async function NotificationsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  await authorizePage("/settings/notifications");
  // The check comes first, outside the boundary: a refusal is still a real 307, not a streamed one.
  return (
    <Suspense fallback={<PageSkeleton label="notifications" />}>
      <NotificationsContent searchParams={searchParams} />
    </Suspense>
  );
}

async function NotificationsContent({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const params = await searchParams;
  const { query, problems } = parseTableQuery(deliveriesQuerySchema, params);
  const now = new Date();
  let webhooks, deliveries;
  try {
    [webhooks, deliveries] = await Promise.all([
      listWebhooks(),
      listWebhookDeliveries({ page: query.page, size: query.size }),
    ]);
  } catch (error) {
    return <Unavailable error={error} />;
  }
  return (
    <div className="mx-auto max-w-[1400px] space-y-4 px-4 py-6">
      <h1 className="text-xl font-semibold tracking-tight">Settings</h1>
      <QueryProblems problems={problems} resetHref="/settings/notifications" />
      <WebhooksSection
        webhooks={webhooks}
        deliveries={{
          ...deliveries,
          page: query.page,
          size: query.size,
          pageCount: derivePageCount(deliveries.total, query.size),
        }}
        now={now}
        maxAttempts={getEnv().WEBHOOK_MAX_ATTEMPTS}
        hrefFor={(page, size) => `/settings/notifications${withParams(params, { page, size })}`}
      />
    </div>
  );
}
