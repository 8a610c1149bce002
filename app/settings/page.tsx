import Link from "next/link";
import type { Metadata } from "next";
import { Suspense } from "react";
import { Unavailable } from "@/components/layout/unavailable";
import { PauseForm } from "@/components/settings/pause-form";
import { SettingValueForm } from "@/components/settings/setting-value-form";
import { Badge } from "@/components/ui/badge";
import { PageSkeleton } from "@/components/ui/skeleton";
import { DataTable, TableCard, type Column } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { authorizePage } from "@/lib/auth/guard";
import { getEnv } from "@/lib/config/env";
import { readEffectiveConfig } from "@/lib/config/runtime-env";
import { formatDuration } from "@/lib/format/duration";
import { actionableClasses, deriveAllowedModes } from "@/lib/reconcile/types";
import { editableSettings, type EditableSetting } from "@/lib/settings/editable";
import { deriveDefaultMode } from "@/lib/settings/runtime";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Settings" };

/** Admins: the thresholds and modes in force (stored over the environment's defaults), and the pause. */
export default async function SettingsPage() {
  await authorizePage("/settings");
  // The check comes first, outside the boundary: a refusal is still a real 307, not a streamed one.
  return (
    <Suspense fallback={<PageSkeleton label="settings" />}>
      <SettingsContent />
    </Suspense>
  );
}

const shown = (setting: EditableSetting, value: number) =>
  setting.unit === "seconds"
    ? formatDuration(value)
    : setting.unit === "percent"
      ? `${value} %`
      : String(value);

async function SettingsContent() {
  const now = new Date();
  const defaults = getEnv();
  let config;
  try {
    config = await readEffectiveConfig();
  } catch (error) {
    return <Unavailable error={error} />;
  }
  const { env, settings } = config;
  const { pause } = settings;
  const valueColumns: Column<EditableSetting>[] = [
    {
      header: "Setting",
      cell: (s) => (
        <>
          <div className="font-medium">{s.label}</div>
          <div className="text-xs text-slate-500">{s.help}</div>
          <code className="text-xs text-slate-500">{s.key}</code>
        </>
      ),
    },
    {
      header: "In force",
      cell: (s) => (
        <span className="inline-flex items-center gap-2 tabular-nums" data-testid="setting-in-force">
          {shown(s, env[s.key])}
          {s.key in settings.overrides.values ? <Badge tone="info">overridden</Badge> : null}
        </span>
      ),
    },
    {
      header: "Default (environment)",
      className: "text-slate-600 tabular-nums",
      cell: (s) => shown(s, defaults[s.key]),
    },
    {
      header: "Change (bounds)",
      cell: (s) => (
        <div>
          <SettingValueForm
            group="values"
            settingKey={s.key}
            label={s.label}
            value={String(env[s.key])}
            overridden={s.key in settings.overrides.values}
          />
          <div className="text-xs text-slate-500">
            {s.min}–{s.max}
            {s.unit === "seconds" ? " seconds" : s.unit === "percent" ? " %" : ""}
            {s.integer ? "" : ", decimals allowed"}
          </div>
        </div>
      ),
    },
  ];
  const modeColumns: Column<(typeof actionableClasses)[number]>[] = [
    { header: "Drift class", cell: (c) => <span className="font-medium">{c}</span> },
    {
      header: "Mode in force",
      cell: (c) => (
        <span className="inline-flex items-center gap-2">
          {env.RECONCILE_MODES[c] ?? "automatic"}
          {c in settings.overrides.modes ? <Badge tone="info">overridden</Badge> : null}
        </span>
      ),
    },
    {
      header: "Default (RECONCILE_MODES)",
      className: "text-slate-600",
      cell: (c) => deriveDefaultMode(defaults, c),
    },
    {
      header: "Change",
      cell: (c) => (
        <SettingValueForm
          group="modes"
          settingKey={c}
          label={`Mode of ${c}`}
          value={env.RECONCILE_MODES[c] ?? "automatic"}
          overridden={c in settings.overrides.modes}
          options={deriveAllowedModes(c)}
        />
      ),
    },
  ];
  return (
    <div className="mx-auto max-w-[1200px] space-y-6 px-4 py-6">
      <h1 className="text-xl font-semibold tracking-tight">Settings</h1>
      <p className="text-sm text-slate-600">
        Stored in the database over the environment&apos;s defaults and read by every reconcile pass on every
        replica at its start: a change applies from the next pass, without a restart. Every change is audited
        with its before and after (audit log: <code>settings.*</code>).
        {settings.updatedAt ? (
          <>
            {" "}
            Last changed by {settings.updatedBy} <Time at={settings.updatedAt} now={now} />.
          </>
        ) : null}{" "}
        Outgoing webhooks are on{" "}
        <Link className="underline" href="/settings/notifications">
          Notifications
        </Link>
        .
      </p>
      <section
        aria-label="Pause automation"
        className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 text-sm shadow-sm"
      >
        <h2 className="font-medium">Pause automation</h2>
        {pause ? (
          <p data-testid="pause-state" className="text-amber-900">
            <span className="font-semibold">Paused</span> by {pause.pausedBy}{" "}
            <Time at={pause.pausedAt} now={now} />: {pause.reason}
          </p>
        ) : (
          <p data-testid="pause-state" className="text-slate-600">
            Automation runs: the loop, the cron endpoint and “Reconcile now” act on drift.
          </p>
        )}
        <p className="text-slate-600">
          While paused, every pass records a <code>paused</code> run and does nothing (the cron endpoint
          answers <code>status: &quot;paused&quot;</code>, the metric <code>automation_paused</code> is 1). A
          pause stops automation, not people: the one-click fixes on a session (retry stop, force terminate,
          delete resources) still work.
        </p>
        <PauseForm paused={pause !== null} />
      </section>
      <section aria-label="Thresholds and limits" className="space-y-2">
        <h2 className="font-medium">Thresholds and limits</h2>
        <TableCard>
          <DataTable
            columns={valueColumns}
            rows={[...editableSettings]}
            rowKey={(s) => s.key}
            rowAttributes={(s) => ({ "data-testid": "setting-row", "data-key": s.key })}
          />
        </TableCard>
      </section>
      <section aria-label="Modes" className="space-y-2">
        <h2 className="font-medium">Mode of each drift class</h2>
        <p className="text-sm text-slate-600">
          automatic: the reconciler fixes it · manual: it is shown for a person to fix in one click · off:
          ignored.
        </p>
        <TableCard>
          <DataTable
            columns={modeColumns}
            rows={[...actionableClasses]}
            rowKey={(c) => c}
            rowAttributes={(c) => ({ "data-testid": "mode-row", "data-class": c })}
          />
        </TableCard>
      </section>
    </div>
  );
}
