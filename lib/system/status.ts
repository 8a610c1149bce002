import "server-only";
import { getEnv } from "@/lib/config/env";
import { getAutomationState, type AutomationState } from "@/lib/dashboard/get-automation-state";
import { listAgents } from "@/lib/db/readers/agents";
import { getDatabaseStatus } from "@/lib/db/readers/system";
import { getClusters, getKubeConfig } from "@/lib/k8s/client";
import { clusterHelp, getClusterStatus } from "@/lib/k8s/cluster-status";
import { deriveAgentHealth, type AgentHealth } from "./agent-health";

/** What the home page and `/api/status` report about the parts the app stands on. */
export interface SystemStatus {
  checkedAt: string;
  database:
    | { ok: true; driver: "server" | "embedded"; location: string; serverVersion: string }
    | { ok: false; error: string };
  /** The first configured cluster's check (the only one, without CLUSTERS). */
  cluster: ClusterCheck;
  /** Every configured cluster's check, in the configured order, each with its id. */
  clusters: (ClusterCheck & { id: string })[];
}

export type ClusterCheck =
  | { ok: true; source: string; server: string; version: string }
  | { ok: false; source: string; server: string; error: string; help: string };

/**
 * What the status page says beyond the parts: whether automatic reconciliation is on (loop, cron),
 * when it last succeeded, and the agents' health — or why it could not be read.
 */
export type ReconcileStatus =
  { ok: true; automation: AutomationState; agents: AgentHealth } | { ok: false; error: string };

/** The status page and `/api/status`: the parts, and the reconciliation they carry. */
export interface StatusReport extends SystemStatus {
  reconcile: ReconcileStatus;
}

/** {@link getSystemStatus} and the reconciliation's state; never throws. Readiness needs less. */
export async function getStatusReport(now: Date): Promise<StatusReport> {
  const [system, reconcile] = await Promise.all([getSystemStatus(now), checkReconcile(now)]);
  return { ...system, reconcile };
}

async function checkReconcile(now: Date): Promise<ReconcileStatus> {
  try {
    const [automation, agents] = await Promise.all([getAutomationState(now), listAgents()]);
    const health = deriveAgentHealth(agents, now, getEnv().AGENT_HEARTBEAT_TIMEOUT_SECONDS);
    return { ok: true, automation, agents: health };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Checks the database and every cluster; never throws, each failure is reported by name. */
export async function getSystemStatus(now: Date): Promise<SystemStatus> {
  const [database, clusters] = await Promise.all([
    checkDatabase(),
    Promise.all(getClusters().map(async ({ id }) => ({ id, ...(await checkCluster(id)) }))),
  ]);
  const { id: _first, ...cluster } = clusters[0]!;
  return { checkedAt: now.toISOString(), database, cluster, clusters };
}

async function checkDatabase(): Promise<SystemStatus["database"]> {
  try {
    return { ok: true, ...(await getDatabaseStatus()) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

async function checkCluster(id: string): Promise<ClusterCheck> {
  let source = "unknown";
  try {
    const loaded = getKubeConfig(id);
    source = loaded.source;
    const status = await getClusterStatus(loaded.kubeConfig);
    if (status.reachable) return { ok: true, source, server: status.server, version: status.version };
    return { ok: false, source, server: status.server, error: status.error, help: clusterHelp };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, source, server: "unknown", error: message, help: clusterHelp };
  }
}
