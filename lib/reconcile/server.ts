import "server-only";
import { readEffectiveConfig } from "@/lib/config/runtime-env";
import { getDatabase, type Database } from "@/lib/db/client";
import { reconcileStore } from "@/lib/db/reconcile-store";
import { getClusters, getKubeConfig } from "@/lib/k8s/client";
import { deleteObject } from "@/lib/k8s/delete-object";
import type { ObjectRef } from "@/lib/k8s/model/object-ref";
import { getClusterViews } from "@/lib/k8s/observer";
import { patchObjectMarks } from "@/lib/k8s/patch-object";
import { invalidateSessionRows } from "@/lib/dashboard/get-sessions-view";
import { log } from "@/lib/log/logger";
import { getMetrics } from "@/lib/metrics/registry";
import { notifyEvent } from "@/lib/notify/server";
import { stopEndedSession, stopSession } from "@/lib/platform/sessions";
import type { QuietCache } from "@/lib/drift/quiet";
import { runReconcilePass, type RunDeps, type RunReport, type RunRequest } from "./run";

/** The reconciler's log lines (one per event, warnings wherever a human must act). */
export const reconcilerLog = log.child({ component: "reconciler" });

/** The reconciler's storage over `db`, stops going through the platform's rules on the same `db`. */
export const reconcileStoreOver = (db: Database) =>
  reconcileStore(
    db,
    (input) => stopSession(db, input),
    (input) => stopEndedSession(db, input),
  );

/**
 * What reconciling needs in the server process, a pass or a one-click fix (lib/reconcile/manual.ts):
 * the process's database, the environment, the watch cache's snapshot, the delete, the clock, the
 * metrics, the log, and what to tell when we changed something (the dashboard's shared rows). The
 * one place they are built.
 */
export async function getReconcileDeps(): Promise<RunDeps> {
  // Read at the start of every pass, never cached: a change on /settings (a threshold, a mode,
  // a pause) reaches the next pass of every replica without a restart.
  const [{ env, settings }, { db }] = await Promise.all([readEffectiveConfig(), getDatabase()]);
  return {
    paused: settings.pause,
    store: reconcileStoreOver(db),
    env,
    getClusterViews,
    deleteObject: (ref) => deleteObject(kubeConfigOf(ref), ref),
    patchObject: (ref, patch) => patchObjectMarks(kubeConfigOf(ref), ref, patch),
    clock: () => new Date(),
    metrics: getMetrics(),
    log: reconcilerLog.log,
    onChanged: invalidateSessionRows,
    notify: (events) => notifyEvent(events, { db }),
    quietByCluster,
  };
}

// The quiet sessions of each cluster, kept by this process between its passes (lib/drift/quiet.ts).
const quietByCluster = new Map<string, QuietCache>();

/**
 * The kubeconfig of the cluster an object lives in: its `cluster`, or the only cluster. With
 * several clusters an untagged reference is refused (thrown: the action fails, nothing is deleted)
 * rather than sent to a guess.
 */
export function kubeConfigOf(ref: Pick<ObjectRef, "cluster">) {
  const clusters = getClusters();
  if (!ref.cluster && clusters.length > 1)
    throw new Error("the object names no cluster, and this installation watches several: not deleted");
  return getKubeConfig(ref.cluster ?? clusters[0]!.id).kubeConfig;
}

/** A pass in the server process (cron route, loop, UI), with {@link getReconcileDeps}. */
export async function runReconcileInServer(request: RunRequest): Promise<RunReport> {
  const deps = await getReconcileDeps();
  const report = await runReconcilePass(request, deps);
  if (report.outcomes.length > 0) deps.onChanged?.();
  return report;
}
