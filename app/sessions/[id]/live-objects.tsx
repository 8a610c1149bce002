import { Dot, type Tone } from "@/components/ui/badge";
import { DataTable, type Column } from "@/components/ui/table";
import type { SessionDetail } from "@/lib/dashboard/get-session-detail";
import type {
  ContainerHealth,
  DeploymentConditionSummary,
  DeploymentHealth,
  PodHealth,
  ServiceHealth,
} from "@/lib/health";
import { formatDuration } from "@/lib/format/duration";
import { Card } from "./detail-card";
import { CopyButton } from "@/components/ui/copy-button";
import { StuckPodActions } from "@/components/pods/stuck-pod-actions";
import type { StuckPodRepair } from "@/lib/dashboard/get-stuck-pods";

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

function DeploymentItem({ deployment: d }: { deployment: DeploymentHealth }) {
  return (
    <div className="mb-3" data-testid="deployment">
      <p className="text-sm font-medium">
        <Dot tone={d.severity as Tone} label={d.severity} /> Deployment {d.name}
        <CopyButton text={d.name} label={`Deployment name ${d.name}`} />: {d.available}/{d.desired} available,{" "}
        {d.ready} ready, {d.updated} up to date
        {d.reason ? <span className="text-slate-600"> — {d.reason}</span> : null}
      </p>
      <DataTable look="inline" columns={conditionColumns} rows={d.conditions} rowKey={(c) => c.type} />
    </div>
  );
}

function ServiceItem({ service: s }: { service: ServiceHealth }) {
  return (
    <p className="mb-3 text-sm" data-testid="service">
      <Dot tone={s.severity as Tone} label={s.severity} /> Service {s.name}
      <CopyButton text={s.name} label={`Service name ${s.name}`} />: selector{" "}
      <code className="text-xs">
        {Object.entries(s.selector)
          .map(([k, v]) => `${k}=${v}`)
          .join(",") || "none"}
      </code>
      , {s.matchingPods} matching pod
      {s.matchingPods === 1 ? "" : "s"}, {s.readyEndpoints ?? "unknown"} ready endpoints
      {s.reason ? ` — ${s.reason}` : ""}
    </p>
  );
}

function PodItem({
  pod: p,
  repair,
  sessionId,
}: {
  pod: PodHealth;
  repair?: StuckPodRepair;
  sessionId: string;
}) {
  return (
    <div className="mb-3" data-testid="pod" data-pod-status={p.status} data-pod-name={p.name}>
      <p className="text-sm font-medium">
        <Dot tone={p.severity as Tone} label={p.severity} /> Pod {p.name}
        <CopyButton text={p.name} label={`Pod name ${p.name}`} />: {p.status} · {p.readyContainers}/
        {p.totalContainers} ready · {p.restarts} restarts · node {p.nodeName ?? "—"}
        {p.reason ? <span className="text-slate-600"> — {p.reason}</span> : null}
      </p>
      {p.terminating ? (
        <p className="text-xs text-red-700">
          Terminating for {formatDuration(p.terminating.ageSeconds)} (grace {p.terminating.gracePeriodSeconds}{" "}
          s)
          {p.terminating.finalizers.length
            ? `; held by finalizer ${p.terminating.finalizers.join(", ")}`
            : ""}
          {p.terminating.overdue ? " — overdue" : ""}
          {repair?.nodeLoss ? ` — ${repair.nodeLoss}` : ""}
        </p>
      ) : null}
      {repair ? (
        <div className="my-1">
          <StuckPodActions sessionId={sessionId} pod={repair} />
        </div>
      ) : null}
      <DataTable look="inline" columns={containerColumns} rows={p.containers} rowKey={(c) => c.name} />
    </div>
  );
}

/** Each live object of the session with its health, or why a kind is unknown. */
export function LiveObjects({
  observed,
  stuckPods,
  sessionId,
}: Pick<SessionDetail, "observed" | "stuckPods"> & { sessionId: string }) {
  const repairs = new Map(stuckPods.map((p) => [p.name, p]));
  return (
    <Card title="Live objects" testId="live-objects">
      {observed.deployments === undefined ? (
        <p className="text-sm italic text-slate-500">Deployments unknown (list failed).</p>
      ) : null}
      {observed.deployments?.map((d) => (
        <DeploymentItem key={d.name} deployment={d} />
      ))}
      {observed.services?.map((s) => (
        <ServiceItem key={s.name} service={s} />
      ))}
      {observed.pods === undefined ? (
        <p className="text-sm italic text-slate-500">Pods unknown (list failed).</p>
      ) : null}
      {observed.pods?.map((p) => (
        <PodItem key={p.name} pod={p} repair={repairs.get(p.name)} sessionId={sessionId} />
      ))}
      {observed.deployments?.length === 0 &&
      observed.services?.length === 0 &&
      observed.pods?.length === 0 ? (
        <p className="text-sm text-slate-500">No live objects.</p>
      ) : null}
    </Card>
  );
}
