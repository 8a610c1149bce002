import { authorizePage } from "@/lib/auth/guard";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { Unavailable } from "@/components/layout/unavailable";
import { AutoRefresh } from "@/components/layout/auto-refresh";
import { SessionActions } from "@/components/sessions/session-actions";
import { Badge, Dot, type Tone } from "@/components/ui/badge";
import { DataTable, type Column } from "@/components/ui/table";
import { getSessionDetail } from "@/lib/dashboard/get-session-detail";
import { driftClassLabels } from "@/lib/drift/types";
import type { ContainerHealth, DeploymentConditionSummary } from "@/lib/health";
import { formatDuration, secondsBetween } from "@/lib/format/duration";
import { sessionId as sessionIdSchema } from "@/lib/platform/schemas";

export const dynamic = "force-dynamic";

function Card({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <section data-testid={testId} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <h2 className="mb-3 text-sm font-semibold text-slate-700">{title}</h2>
      {children}
    </section>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[10rem_1fr] gap-2 py-0.5 text-sm">
      <dt className="text-slate-500">{label}</dt>
      <dd className="break-all">{children}</dd>
    </div>
  );
}

const at = (d: Date | null | undefined) =>
  d
    ? d
        .toISOString()
        .replace("T", " ")
        .replace(/\.\d+Z$/, "Z")
    : "—";

const conditionColumns: Column<DeploymentConditionSummary>[] = [
  { className: "font-medium", cell: (c) => c.type },
  { cell: (c) => c.status },
  { cell: (c) => c.reason },
  { className: "text-slate-500", cell: (c) => c.message },
];

const containerColumns: Column<ContainerHealth>[] = [
  { header: "container", className: "font-medium", cell: (c) => c.name },
  { header: "image", cell: (c) => c.image },
  {
    header: "state",
    cell: (c) => (
      <>
        {c.state}
        {c.reason ? ` (${c.reason})` : ""}
      </>
    ),
  },
  { header: "ready", cell: (c) => (c.ready ? "yes" : "no") },
  { header: "restarts", cell: (c) => c.restarts },
];

/** One session: its row, its agent, each live object with health and conditions, and its timeline. */
export default async function SessionPage({ params }: { params: Promise<{ id: string }> }) {
  await authorizePage("/sessions/[id]", `/sessions/${(await params).id}`);
  const { id } = await params;
  if (!sessionIdSchema.safeParse(id).success) notFound();
  let detail;
  try {
    detail = await getSessionDetail(id);
  } catch (error) {
    return <Unavailable error={error} />;
  }
  if (!detail) notFound();
  const { session, agent, observed, drift, commands, audit, now } = detail;
  const ago = (d: Date | null | undefined) => (d ? `${formatDuration(secondsBetween(d, now))} ago` : "—");

  const timeline = [
    ...audit.map((e) => ({
      at: e.occurredAt,
      key: `a${e.id}`,
      what: e.action,
      who: `${e.actorType}:${e.actorId}`,
      detail: JSON.stringify(e.details),
    })),
    ...commands.map((c) => ({
      at: c.createdAt,
      key: `c${c.id}`,
      what: `command ${c.id} ${c.type} (attempt ${c.attempt})`,
      who: `→ ${c.agentId}`,
      detail: `${c.status}${c.dispatchedAt ? `, dispatched ${at(c.dispatchedAt)} to epoch ${c.dispatchedEpoch}` : ""}${c.finishedAt ? `, finished ${at(c.finishedAt)}` : ""}${c.error ? `: ${c.error}` : ""}`,
    })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime() || a.key.localeCompare(b.key));

  return (
    <main className="mx-auto max-w-[1400px] space-y-4 px-4 py-6">
      <AutoRefresh />
      <div className="flex flex-wrap items-center gap-3">
        <Link href="/sessions" className="text-sm text-slate-500 hover:underline">
          ← Sessions
        </Link>
        <h1 className="font-mono text-xl font-semibold">{session.id}</h1>
        <Badge
          tone={session.state === "terminating" ? "warning" : session.state === "running" ? "ok" : "neutral"}
        >
          {session.state}
        </Badge>
        <span className="text-sm text-slate-500">
          for {formatDuration(secondsBetween(session.stateChangedAt, now))}
        </span>
        <span className="ml-auto" data-testid="session-actions">
          <SessionActions
            sessionId={session.id}
            state={session.state}
            hasObjects={
              (observed.deployments?.length ?? 0) +
                (observed.services?.length ?? 0) +
                (observed.pods?.length ?? 0) >
              0
            }
          />
        </span>
      </div>

      {drift.findings.length > 0 || drift.unknownKinds.length > 0 ? (
        <section
          aria-label="Drift"
          data-testid="session-drift"
          className="space-y-1 rounded-lg border border-red-300 bg-red-50 p-4"
        >
          {drift.findings.map((f) => (
            <p key={f.driftClass} className="text-sm">
              <Badge tone={f.severity}>{driftClassLabels[f.driftClass]}</Badge> {f.sentence}
            </p>
          ))}
          {drift.unknownKinds.length > 0 ? (
            <p className="text-sm italic text-slate-600">
              Drift unknown: {drift.unknownKinds.join(", ")} could not be observed.
            </p>
          ) : null}
        </section>
      ) : null}

      <div className="grid gap-4 md:grid-cols-2">
        <Card title="Database row">
          <dl>
            <Field label="User">{session.userId}</Field>
            <Field label="Template">{session.template}</Field>
            <Field label="Namespace">{session.namespace}</Field>
            <Field label="State">
              {session.state} since {at(session.stateChangedAt)}
            </Field>
            <Field label="Termination reason">{session.terminationReason ?? "—"}</Field>
            <Field label="Terminated at">{at(session.terminatedAt)}</Field>
            <Field label="Created">{at(session.createdAt)}</Field>
          </dl>
        </Card>
        <Card title="Agent">
          {agent ? (
            <dl>
              <Field label="Agent">
                <Link href="/agents" className="hover:underline">
                  {agent.id}
                </Link>{" "}
                ({agent.cluster})
              </Field>
              <Field label="Connection">
                <span className="inline-flex items-center gap-1.5">
                  <Dot
                    tone={agent.connection.connected ? "ok" : "error"}
                    label={agent.connection.connected ? "connected" : "disconnected"}
                  />
                  {agent.connection.connected ? "connected" : "disconnected"}{" "}
                  {agent.connection.since ? `since ${ago(agent.connection.since)}` : ""}
                </span>
              </Field>
              <Field label="Approval">{agent.approvalStatus}</Field>
              <Field label="Epoch">{agent.epoch}</Field>
              <Field label="Last heartbeat">{ago(agent.lastHeartbeatAt)}</Field>
              <Field label="Reports the session">{agent.inventory.includes(session.id) ? "yes" : "no"}</Field>
            </dl>
          ) : (
            <p className="text-sm text-red-700">Agent {session.agentId} is not registered.</p>
          )}
        </Card>
      </div>

      <Card title="Live objects" testId="live-objects">
        {observed.deployments === undefined ? (
          <p className="text-sm italic text-slate-500">Deployments unknown (list failed).</p>
        ) : null}
        {observed.deployments?.map((d) => (
          <div key={d.name} className="mb-3" data-testid="deployment">
            <p className="text-sm font-medium">
              <Dot tone={d.severity as Tone} label={d.severity} /> Deployment {d.name}: {d.available}/
              {d.desired} available, {d.ready} ready, {d.updated} up to date
              {d.reason ? <span className="text-slate-600"> — {d.reason}</span> : null}
            </p>
            <DataTable look="inline" columns={conditionColumns} rows={d.conditions} rowKey={(c) => c.type} />
          </div>
        ))}
        {observed.services?.map((s) => (
          <p key={s.name} className="mb-3 text-sm" data-testid="service">
            <Dot tone={s.severity as Tone} label={s.severity} /> Service {s.name}: selector{" "}
            <code className="text-xs">
              {Object.entries(s.selector)
                .map(([k, v]) => `${k}=${v}`)
                .join(",") || "none"}
            </code>
            , {s.matchingPods} matching pod
            {s.matchingPods === 1 ? "" : "s"}, {s.readyEndpoints ?? "unknown"} ready endpoints
            {s.reason ? ` — ${s.reason}` : ""}
          </p>
        ))}
        {observed.pods === undefined ? (
          <p className="text-sm italic text-slate-500">Pods unknown (list failed).</p>
        ) : null}
        {observed.pods?.map((p) => (
          <div key={p.name} className="mb-3" data-testid="pod" data-pod-status={p.status}>
            <p className="text-sm font-medium">
              <Dot tone={p.severity as Tone} label={p.severity} /> Pod {p.name}: {p.status} ·{" "}
              {p.readyContainers}/{p.totalContainers} ready · {p.restarts} restarts · node {p.nodeName ?? "—"}
              {p.reason ? <span className="text-slate-600"> — {p.reason}</span> : null}
            </p>
            {p.terminating ? (
              <p className="text-xs text-red-700">
                Terminating for {formatDuration(p.terminating.ageSeconds)} (grace{" "}
                {p.terminating.gracePeriodSeconds} s)
                {p.terminating.finalizers.length
                  ? `; held by finalizer ${p.terminating.finalizers.join(", ")}`
                  : ""}
                {p.terminating.overdue ? " — overdue" : ""}
              </p>
            ) : null}
            <DataTable look="inline" columns={containerColumns} rows={p.containers} rowKey={(c) => c.name} />
          </div>
        ))}
        {observed.deployments?.length === 0 &&
        observed.services?.length === 0 &&
        observed.pods?.length === 0 ? (
          <p className="text-sm text-slate-500">No live objects.</p>
        ) : null}
      </Card>

      <Card title="Timeline" testId="timeline">
        <ol className="space-y-1 text-sm">
          {timeline.map((t) => (
            <li key={t.key} className="grid grid-cols-[13rem_16rem_1fr] gap-2">
              <span className="font-mono text-xs text-slate-500">{at(t.at)}</span>
              <span className="font-medium">{t.what}</span>
              <span className="break-all text-xs text-slate-600">
                {t.who} {t.detail}
              </span>
            </li>
          ))}
        </ol>
      </Card>
    </main>
  );
}
