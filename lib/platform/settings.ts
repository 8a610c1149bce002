import type { AppEnv } from "@/lib/config/env";

/** The settings the platform core runs with, named for what they mean. */
export interface PlatformSettings {
  installation: string;
  sessionLabelKey: string;
  sessionsNamespace: string;
  /** The namespaces the app observes; undefined: every namespace. */
  watchNamespaces: readonly string[] | undefined;
  autoApproveAgents: boolean;
  heartbeatTimeoutSeconds: number;
  heartbeatMaxWaitSeconds: number;
  commandDispatchTimeoutSeconds: number;
  commandMaxAttempts: number;
  /**
   * The cluster ids agents and sessions must name (env `CLUSTERS`); undefined with one cluster,
   * where the names agents register with are labels (lib/config/clusters.ts resolveCluster).
   */
  clusterIds: readonly string[] | undefined;
}

/** How long runs and audit events are kept (lib/db/queries/retention.ts prunes once a day). */
export function deriveRetention(env: AppEnv) {
  return {
    runsDays: env.RETENTION_RUNS_DAYS,
    skippedRunsDays: env.RETENTION_SKIPPED_RUNS_DAYS,
    auditDays: env.RETENTION_AUDIT_DAYS,
  };
}

export function derivePlatformSettings(env: AppEnv): PlatformSettings {
  return {
    installation: env.INSTALLATION_NAME,
    sessionLabelKey: env.SESSION_LABEL_KEY,
    sessionsNamespace: env.SESSIONS_NAMESPACE,
    watchNamespaces: env.WATCH_NAMESPACES,
    autoApproveAgents: env.AGENT_AUTO_APPROVE,
    heartbeatTimeoutSeconds: env.AGENT_HEARTBEAT_TIMEOUT_SECONDS,
    heartbeatMaxWaitSeconds: env.HEARTBEAT_MAX_WAIT_SECONDS,
    commandDispatchTimeoutSeconds: env.COMMAND_DISPATCH_TIMEOUT_SECONDS,
    commandMaxAttempts: env.COMMAND_MAX_ATTEMPTS,
    clusterIds: env.CLUSTERS?.map((c) => c.id),
  };
}
