"use client";

import { useQuery } from "@tanstack/react-query";
import type { StatusReport } from "@/lib/system/status";
import { Time } from "@/components/ui/time";
import { ReconcileStatusCards } from "./reconcile-status-cards";
import { StatusCard } from "./status-card";

async function fetchStatus(): Promise<StatusReport> {
  const response = await fetch("/api/status", { cache: "no-store" });
  if (!response.ok) throw new Error(`status request failed: HTTP ${response.status}`);
  return response.json() as Promise<StatusReport>;
}

/**
 * The database and cluster the app is connected to, whether reconciliation runs by itself and the
 * agents' health, refreshed every few seconds.
 */
export function SystemStatusPanel({ initialStatus }: { initialStatus: StatusReport }) {
  const { data: status, error } = useQuery({
    queryKey: ["system-status"],
    queryFn: fetchStatus,
    initialData: initialStatus,
    refetchInterval: 5_000,
  });
  return (
    <section aria-label="System status" className="mt-8 grid gap-4 sm:grid-cols-2">
      <StatusCard
        title="Database"
        ok={status.database.ok}
        testId="database-status"
        lines={
          status.database.ok
            ? [
                status.database.driver === "embedded" ? "Embedded PGlite" : "PostgreSQL server",
                status.database.location,
                `version ${status.database.serverVersion}`,
              ]
            : [status.database.error]
        }
      />
      {(status.clusters ?? [{ id: "", ...status.cluster }]).map((cluster, i, all) => (
        <StatusCard
          key={cluster.id}
          title={all.length > 1 ? `Kubernetes cluster ${cluster.id}` : "Kubernetes cluster"}
          ok={cluster.ok}
          testId={i === 0 ? "cluster-status" : `cluster-status-${cluster.id}`}
          lines={
            cluster.ok
              ? ["answers", cluster.server, `${cluster.version} · ${cluster.source}`]
              : [`not reachable: ${cluster.error}`, cluster.server, cluster.help]
          }
        />
      ))}
      <ReconcileStatusCards reconcile={status.reconcile} />
      <p className="text-xs text-slate-500 sm:col-span-2">
        Checked <Time at={status.checkedAt} />
        {error ? ` · refresh failed: ${error.message}` : ""}
      </p>
    </section>
  );
}
