import { authorizePage } from "@/lib/auth/guard";
import Link from "next/link";
import { AgentAdminActions } from "@/components/agents/agent-admin-actions";
import { Unavailable } from "@/components/layout/unavailable";
import { AutoRefresh } from "@/components/layout/auto-refresh";
import { Badge, Dot } from "@/components/ui/badge";
import { DataTable, TableCard, type Column } from "@/components/ui/table";
import { getEnv } from "@/lib/config/env";
import { describeAgentCutOff, summarizeRowsByAgent } from "@/lib/dashboard/agents-view";
import { deriveClassModes } from "@/lib/reconcile/policy";
import { loadSessionRowsShared } from "@/lib/dashboard/get-sessions-view";
import { driftClasses, driftClassLabels } from "@/lib/drift/types";
import { formatDuration, secondsBetween } from "@/lib/format/duration";
import { deriveAgentConnection } from "@/lib/platform/agent-connection";

export const dynamic = "force-dynamic";

/** Every agent: approval, connection and for how long, epoch, heartbeat, sessions and their drift. */
export default async function AgentsPage() {
  await authorizePage("/agents");
  const now = new Date();
  let loaded;
  try {
    loaded = await loadSessionRowsShared(now);
  } catch (error) {
    return <Unavailable error={error} />;
  }
  const { rows, agentRows, heartbeatTimeoutSeconds } = loaded;
  const summary = summarizeRowsByAgent(rows);
  const env = getEnv();
  const modes = deriveClassModes(env.RECONCILE_MODES);
  const ago = (d: Date | null) => (d ? `${formatDuration(secondsBetween(d, now))} ago` : "never");
  const agents = agentRows.map((agent) => ({
    agent,
    connection: deriveAgentConnection(agent, now, heartbeatTimeoutSeconds),
    stats: summary.get(agent.id),
  }));
  const columns: Column<(typeof agents)[number]>[] = [
    {
      header: "Agent",
      cell: ({ agent }) => (
        <>
          <Link
            href={`/sessions?agent=${encodeURIComponent(agent.id)}`}
            className="font-medium hover:underline"
          >
            {agent.id}
          </Link>
          <div className="text-xs text-slate-500">{agent.cluster}</div>
        </>
      ),
    },
    {
      header: "Approval",
      cell: ({ agent, stats }) => (
        <>
          <Badge
            tone={
              agent.approvalStatus === "approved"
                ? "ok"
                : agent.approvalStatus === "rejected"
                  ? "error"
                  : "warning"
            }
          >
            {agent.approvalStatus}
          </Badge>
          <div className="mt-1">
            <AgentAdminActions
              agentId={agent.id}
              approvalStatus={agent.approvalStatus}
              hasCredential={agent.credentialHash !== null}
              consequence={describeAgentCutOff({
                active: stats?.active ?? 0,
                heartbeatTimeoutSeconds,
                graceSeconds: env.AGENT_DISCONNECT_GRACE_SECONDS,
                agentLostMode: modes["agent-lost"],
              })}
            />
          </div>
        </>
      ),
    },
    {
      header: "Connection",
      cell: ({ connection }) => (
        <span className="inline-flex items-center gap-1.5">
          <Dot
            tone={connection.connected ? "ok" : "error"}
            label={connection.connected ? "connected" : "disconnected"}
          />
          {connection.connected ? "connected" : "disconnected"}
          {connection.since ? ` for ${formatDuration(secondsBetween(connection.since, now))}` : ""}
        </span>
      ),
    },
    { header: "Epoch", className: "tabular-nums", cell: ({ agent }) => agent.epoch },
    { header: "Last heartbeat", cell: ({ agent }) => ago(agent.lastHeartbeatAt) },
    { header: "Active sessions", className: "tabular-nums", cell: ({ stats }) => stats?.active ?? 0 },
    {
      header: "Drift",
      cell: ({ agent, stats }) =>
        stats && stats.drifting > 0 ? (
          <span className="flex flex-wrap gap-1">
            {driftClasses
              .filter((c) => stats.byClass[c] > 0)
              .map((c) => (
                <Link key={c} href={`/sessions?agent=${encodeURIComponent(agent.id)}&drift=${c}`}>
                  <Badge tone="error">
                    {stats.byClass[c]} {driftClassLabels[c]}
                  </Badge>
                </Link>
              ))}
          </span>
        ) : (
          <span className="text-slate-400">none</span>
        ),
    },
  ];
  return (
    <main className="mx-auto max-w-[1400px] px-4 py-6">
      <AutoRefresh />
      <h1 className="mb-4 text-xl font-semibold tracking-tight">Agents</h1>
      <TableCard>
        <DataTable
          columns={columns}
          rows={agents}
          rowKey={({ agent }) => agent.id}
          rowAttributes={({ agent, connection }) => ({
            "data-testid": "agent-row",
            "data-agent-id": agent.id,
            className: connection.connected ? "" : "bg-red-50/60",
          })}
          empty="No agent has registered yet."
        />
      </TableCard>
    </main>
  );
}
