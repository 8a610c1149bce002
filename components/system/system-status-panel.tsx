"use client";

import { useQuery } from "@tanstack/react-query";
import type { SystemStatus } from "@/lib/system/status";
import { Time } from "@/components/ui/time";

async function fetchStatus(): Promise<SystemStatus> {
  const response = await fetch("/api/status", { cache: "no-store" });
  if (!response.ok) throw new Error(`status request failed: HTTP ${response.status}`);
  return response.json() as Promise<SystemStatus>;
}

/** The database and cluster the app is connected to, refreshed every few seconds. */
export function SystemStatusPanel({ initialStatus }: { initialStatus: SystemStatus }) {
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
      <StatusCard
        title="Kubernetes cluster"
        ok={status.cluster.ok}
        testId="cluster-status"
        lines={
          status.cluster.ok
            ? ["answers", status.cluster.server, `${status.cluster.version} · ${status.cluster.source}`]
            : [`not reachable: ${status.cluster.error}`, status.cluster.server, status.cluster.help]
        }
      />
      <p className="text-xs text-slate-500 sm:col-span-2">
        Checked <Time at={status.checkedAt} />
        {error ? ` · refresh failed: ${error.message}` : ""}
      </p>
    </section>
  );
}

function StatusCard(props: { title: string; ok: boolean; lines: string[]; testId: string }) {
  return (
    <div
      data-testid={props.testId}
      data-ok={props.ok}
      className={`rounded-lg border bg-white p-4 shadow-sm ${props.ok ? "border-emerald-300" : "border-red-400"}`}
    >
      <div className="flex items-center gap-2">
        <span
          aria-hidden
          className={`inline-block h-2.5 w-2.5 rounded-full ${props.ok ? "bg-emerald-500" : "bg-red-500"}`}
        />
        <h2 className="font-medium">{props.title}</h2>
        <span className="ml-auto text-sm font-medium">{props.ok ? "OK" : "Unavailable"}</span>
      </div>
      <ul className="mt-2 space-y-1 break-all text-sm text-slate-600">
        {props.lines.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </div>
  );
}
