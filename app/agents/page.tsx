import { authorizePage } from "@/lib/auth/guard";
import Link from "next/link";
import { AgentAdminActions } from "@/components/agents/agent-admin-actions";
import { Unavailable } from "@/components/layout/unavailable";
import { AutoRefresh } from "@/components/layout/auto-refresh";
import { Badge, Dot } from "@/components/ui/badge";
import { getEnv } from "@/lib/config/env";
import { describeAgentCutOff, summarizeRowsByAgent } from "@/lib/dashboard/agents-view";
import { deriveReconcilePolicy } from "@/lib/reconcile/policy";
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
  // The modes only: the installation id plays no part in what a cut-off does.
  const policy = deriveReconcilePolicy(env, "");
  const ago = (d: Date | null) => (d ? `${formatDuration(secondsBetween(d, now))} ago` : "never");
  return (
    <main className="mx-auto max-w-[1400px] px-4 py-6">
      <AutoRefresh />
      <h1 className="mb-4 text-xl font-semibold tracking-tight">Agents</h1>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
        <table className="w-full text-sm">
          <thead className="border-b bg-slate-50 text-left text-xs text-slate-600">
            <tr>
              <th className="px-3 py-2 font-medium">Agent</th>
              <th className="px-3 py-2 font-medium">Approval</th>
              <th className="px-3 py-2 font-medium">Connection</th>
              <th className="px-3 py-2 font-medium">Epoch</th>
              <th className="px-3 py-2 font-medium">Last heartbeat</th>
              <th className="px-3 py-2 font-medium">Active sessions</th>
              <th className="px-3 py-2 font-medium">Drift</th>
            </tr>
          </thead>
          <tbody>
            {agentRows.length === 0 ? (
              <tr>
                <td colSpan={7} className="px-3 py-8 text-center text-slate-500">
                  No agent has registered yet.
                </td>
              </tr>
            ) : null}
            {agentRows.map((agent) => {
              const connection = deriveAgentConnection(agent, now, heartbeatTimeoutSeconds);
              const stats = summary.get(agent.id);
              return (
                <tr
                  key={agent.id}
                  data-testid="agent-row"
                  data-agent-id={agent.id}
                  className={`border-b border-slate-100 ${connection.connected ? "" : "bg-red-50/60"}`}
                >
                  <td className="px-3 py-2">
                    <Link
                      href={`/sessions?agent=${encodeURIComponent(agent.id)}`}
                      className="font-medium hover:underline"
                    >
                      {agent.id}
                    </Link>
                    <div className="text-xs text-slate-500">{agent.cluster}</div>
                  </td>
                  <td className="px-3 py-2">
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
                          active: summary.get(agent.id)?.active ?? 0,
                          heartbeatTimeoutSeconds,
                          graceSeconds: env.AGENT_DISCONNECT_GRACE_SECONDS,
                          agentLostMode: policy.modes["agent-lost"],
                        })}
                      />
                    </div>
                  </td>
                  <td className="px-3 py-2">
                    <span className="inline-flex items-center gap-1.5">
                      <Dot
                        tone={connection.connected ? "ok" : "error"}
                        label={connection.connected ? "connected" : "disconnected"}
                      />
                      {connection.connected ? "connected" : "disconnected"}
                      {connection.since
                        ? ` for ${formatDuration(secondsBetween(connection.since, now))}`
                        : ""}
                    </span>
                  </td>
                  <td className="px-3 py-2 tabular-nums">{agent.epoch}</td>
                  <td className="px-3 py-2">{ago(agent.lastHeartbeatAt)}</td>
                  <td className="px-3 py-2 tabular-nums">{stats?.active ?? 0}</td>
                  <td className="px-3 py-2">
                    {stats && stats.drifting > 0 ? (
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
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </main>
  );
}
