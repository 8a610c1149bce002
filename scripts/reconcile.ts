/**
 * `npm run reconcile -- [--dry-run] [--allow-large-run] [--json]`: one reconciliation pass from a
 * shell, with the configured database and clusters (one list per kind and cluster, no watch). Prints the plan
 * and each outcome. Exit codes: 0 succeeded or dry run, 1 failed or partial, 2 stopped by the
 * blast-radius limit, 3 skipped (another run in progress), 4 paused (automation is paused on
 * /settings; a dry run still plans).
 *
 * The runtime settings (thresholds, modes, pause) are read from the database, as every pass does.
 */
import { parseArgs } from "node:util";
import { getEnv } from "@/lib/config/env";
import { openDatabase } from "@/lib/db/client";
import { getRuntimeSettings } from "@/lib/db/queries/runtime-settings";
import { patchObjectMarks } from "@/lib/k8s/patch-object";
import { deleteObject } from "@/lib/k8s/delete-object";
import { getClusterViews } from "@/lib/k8s/observer";
import { runReconcilePass } from "@/lib/reconcile/run";
import { kubeConfigOf, reconcileStoreOver, reconcilerLog } from "@/lib/reconcile/server";
import { deriveEffectiveEnv } from "@/lib/settings/runtime";

const { values } = parseArgs({
  options: {
    "dry-run": { type: "boolean" },
    "allow-large-run": { type: "boolean" },
    json: { type: "boolean" },
  },
});

try {
  const baseEnv = getEnv();
  const handle = await openDatabase({ databaseUrl: baseEnv.DATABASE_URL, dataDir: baseEnv.dataDir });
  const settings = await getRuntimeSettings(handle.db);
  const env = deriveEffectiveEnv(baseEnv, settings.overrides);
  const report = await runReconcilePass(
    {
      trigger: "cli",
      actorId: process.env.USER ?? "cli",
      dryRun: values["dry-run"] ?? false,
      allowLargeRun: values["allow-large-run"],
    },
    {
      store: reconcileStoreOver(handle.db),
      env,
      // Every configured cluster, one list per kind each (no watch in a one-shot process).
      getClusterViews: () => getClusterViews("list"),
      deleteObject: (ref) => deleteObject(kubeConfigOf(ref), ref),
      patchObject: (ref, patch) => patchObjectMarks(kubeConfigOf(ref), ref, patch),
      clock: () => new Date(),
      log: values.json ? undefined : reconcilerLog.log,
      paused: settings.pause,
    },
  );
  await handle.close();
  if (values.json) {
    console.log(JSON.stringify(report, null, 2));
  } else {
    console.log(
      `\nrun ${report.runId}: ${report.status}${report.dryRun ? " (dry run: nothing changed)" : ""} in ${report.durationMs} ms`,
    );
    for (const k of report.kinds)
      if (k.state !== "synced") console.log(`  ! ${k.kind} not observed: ${k.error ?? k.state}`);
    console.log(`  ${report.plan.length} action(s) planned${report.reason ? ` — ${report.reason}` : ""}`);
    report.plan.forEach((action, i) => {
      const outcome = report.outcomes[i];
      console.log(
        `  - ${action.type} ${action.sessionId}: ${action.reason}${outcome ? `\n      → ${outcome.status}: ${outcome.error ?? outcome.detail}` : ""}`,
      );
    });
    if (report.attention.length) console.log(`  ${report.attention.length} item(s) need a human:`);
    for (const a of report.attention) console.log(`  * ${a.sessionId} [${a.driftClass}] ${a.sentence}`);
    if (report.error) console.log(`  error: ${report.error}`);
  }
  const codes: Record<string, number> = {
    succeeded: 0,
    dry_run: 0,
    partial: 1,
    failed: 1,
    blocked: 2,
    skipped: 3,
    paused: 4,
  };
  process.exit(codes[report.status] ?? 1);
} catch (error) {
  console.error(`reconcile: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
