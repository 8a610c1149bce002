import { authorizePage } from "@/lib/auth/guard";
import { Unavailable } from "@/components/layout/unavailable";
import { AutoRefresh } from "@/components/layout/auto-refresh";
import { DataTable, TableCard } from "@/components/ui/table";
import { getEnv } from "@/lib/config/env";
import { summarizeRowsByAgent } from "@/lib/dashboard/agents-view";
import { sortAgentRows } from "@/lib/dashboard/agents-sort";
import { agentsQuerySchema, type AgentSortKey } from "@/lib/dashboard/list-queries";
import { parseTableQuery, withParams } from "@/lib/dashboard/table-query";
import { QueryProblems } from "@/components/ui/query-problems";
import { deriveClassModes } from "@/lib/reconcile/policy";
import { loadSessionRowsShared } from "@/lib/dashboard/get-sessions-view";
import { deriveAgentConnection } from "@/lib/platform/agent-connection";
import { agentsTableColumns, type AgentRowView } from "./agents-table-columns";
import type { Metadata } from "next";
import { Suspense } from "react";
import { PageSkeleton } from "@/components/ui/skeleton";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Agents" };

type Params = Record<string, string | undefined>;

/** Every agent: approval, connection and for how long, epoch, heartbeat, sessions and their drift. */
export default async function AgentsPage({ searchParams }: { searchParams: Promise<Params> }) {
  await authorizePage("/agents");
  // The check comes first, outside the boundary: a refusal is still a real 307, not a streamed one.
  return (
    <Suspense fallback={<PageSkeleton label="agents" />}>
      <AgentsContent searchParams={searchParams} />
    </Suspense>
  );
}

async function AgentsContent({ searchParams }: { searchParams: Promise<Params> }) {
  const params = await searchParams;
  // Every agent is in the page, so the sort is done here, in memory, not by the database.
  const { query, problems } = parseTableQuery(agentsQuerySchema, params);
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
  const agents: AgentRowView[] = sortAgentRows(
    agentRows.map((agent) => ({
      agent,
      connection: deriveAgentConnection(agent, now, heartbeatTimeoutSeconds),
      stats: summary.get(agent.id),
    })),
    query.sort,
    query.dir,
  );
  const columns = agentsTableColumns({
    now,
    heartbeatTimeoutSeconds,
    graceSeconds: env.AGENT_DISCONNECT_GRACE_SECONDS,
    agentLostMode: modes["agent-lost"],
    sort: {
      sort: query.sort,
      dir: query.dir,
      hrefFor: (sort: AgentSortKey, dir) => `/agents${withParams(params, { sort, dir })}`,
    },
  });
  return (
    <div className="mx-auto max-w-[1400px] px-4 py-6">
      <AutoRefresh />
      <h1 className="mb-4 text-xl font-semibold tracking-tight">Agents</h1>
      <QueryProblems problems={problems} resetHref="/agents" />
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
    </div>
  );
}
