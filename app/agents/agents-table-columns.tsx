import Link from "next/link";
import { AgentAdminActions } from "@/components/agents/agent-admin-actions";
import { Badge, Dot } from "@/components/ui/badge";
import { sortableHeader, type SortState } from "@/components/ui/sort-header";
import type { Column } from "@/components/ui/table";
import type { AgentSortKey } from "@/lib/dashboard/list-queries";
import { describeAgentCutOff, type summarizeRowsByAgent } from "@/lib/dashboard/agents-view";
import type { loadSessionRowsShared } from "@/lib/dashboard/get-sessions-view";
import { driftClasses, driftClassLabels } from "@/lib/drift/types";
import type { deriveAgentConnection } from "@/lib/platform/agent-connection";
import { Time } from "@/components/ui/time";

/** One row of the agents table: the agent, its connection at `now`, and its sessions' counts. */
export type AgentRowView = {
  agent: Awaited<ReturnType<typeof loadSessionRowsShared>>["agentRows"][number];
  connection: ReturnType<typeof deriveAgentConnection>;
  stats: ReturnType<ReturnType<typeof summarizeRowsByAgent>["get"]>;
};

/** What the columns need beside the row: the clock, and what cutting an agent off does to its sessions. */
export type AgentColumnsContext = {
  now: Date;
  heartbeatTimeoutSeconds: number;
  graceSeconds: number;
  agentLostMode: Parameters<typeof describeAgentCutOff>[0]["agentLostMode"];
  /** The table's sort, for the headers' links. */
  sort: SortState<AgentSortKey>;
};

function ApprovalCell({ agent, stats, context }: AgentRowView & { context: AgentColumnsContext }) {
  return (
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
            heartbeatTimeoutSeconds: context.heartbeatTimeoutSeconds,
            graceSeconds: context.graceSeconds,
            agentLostMode: context.agentLostMode,
          })}
        />
      </div>
    </>
  );
}

function ConnectionCell({ connection, now }: Pick<AgentRowView, "connection"> & { now: Date }) {
  return (
    <span className="inline-flex items-center gap-1.5">
      <Dot
        tone={connection.connected ? "ok" : "error"}
        label={connection.connected ? "connected" : "disconnected"}
      />
      {connection.connected ? "connected" : "disconnected"}
      {connection.since ? (
        <>
          {" "}
          for <Time at={connection.since} now={now} format="elapsed" />
        </>
      ) : null}
    </span>
  );
}

function DriftCell({ agent, stats }: Pick<AgentRowView, "agent" | "stats">) {
  return stats && stats.drifting > 0 ? (
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
    <span className="text-slate-500">none</span>
  );
}

/** The agents table: agent, approval (and the admin's actions), connection, epoch, heartbeat, sessions, drift. */
export function agentsTableColumns(context: AgentColumnsContext): Column<AgentRowView>[] {
  const { now, sort } = context;
  const ago = (d: Date | null) => (d ? <Time at={d} now={now} /> : "never");
  return [
    {
      ...sortableHeader(sort, "agent", "Agent"),
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
      ...sortableHeader(sort, "approval", "Approval"),
      cell: (row) => <ApprovalCell {...row} context={context} />,
    },
    {
      ...sortableHeader(sort, "connection", "Connection"),
      cell: ({ connection }) => <ConnectionCell connection={connection} now={now} />,
    },
    {
      ...sortableHeader(sort, "epoch", "Epoch", "desc"),
      className: "tabular-nums",
      cell: ({ agent }) => agent.epoch,
    },
    {
      ...sortableHeader(sort, "heartbeat", "Last heartbeat", "desc"),
      cell: ({ agent }) => ago(agent.lastHeartbeatAt),
    },
    {
      ...sortableHeader(sort, "sessions", "Active sessions", "desc"),
      className: "tabular-nums",
      cell: ({ stats }) => stats?.active ?? 0,
    },
    {
      ...sortableHeader(sort, "drift", "Drift", "desc"),
      cell: ({ agent, stats }) => <DriftCell agent={agent} stats={stats} />,
    },
  ];
}
