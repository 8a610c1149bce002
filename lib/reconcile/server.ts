import "server-only";
import { getEnv } from "@/lib/config/env";
import { getDatabase } from "@/lib/db/client";
import { getKubeConfig } from "@/lib/k8s/client";
import { deleteObject } from "@/lib/k8s/delete-object";
import { getClusterSnapshot } from "@/lib/k8s/observer";
import { invalidateSessionRows } from "@/lib/dashboard/get-sessions-view";
import { getMetrics } from "@/lib/metrics/registry";
import { runReconcilePass, type RunReport, type RunRequest } from "./run";

/** Structured JSON logs: one line per event, warnings wherever a human must act. */
export function logJson(level: "info" | "warn" | "error", msg: string, fields: Record<string, unknown> = {}) {
  const line = JSON.stringify({
    time: new Date().toISOString(),
    level,
    component: "reconciler",
    msg,
    ...fields,
  });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}

/** A pass in the server process (cron route, loop, UI): the process's database, cache and metrics. */
export async function runReconcileInServer(request: RunRequest): Promise<RunReport> {
  const env = getEnv();
  const { db } = await getDatabase();
  const report = await runReconcilePass(request, {
    db,
    env,
    getSnapshot: getClusterSnapshot,
    deleteObject: (ref) => deleteObject(getKubeConfig().kubeConfig, ref),
    clock: () => new Date(),
    metrics: getMetrics(),
    log: logJson,
  });
  if (report.outcomes.length > 0) invalidateSessionRows();
  return report;
}
