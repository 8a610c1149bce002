import { ConfigError, type AppEnv } from "@/lib/config/env";
import { deriveDriftThresholds } from "@/lib/drift/thresholds-from-env";
import {
  actionableClasses,
  quarantineClasses,
  type ActionableClass,
  type ClassMode,
  type ReconcilePolicy,
} from "./types";

/** Blast-radius limits: past either one a run stops before acting and asks a human. */
export interface BlastRadius {
  maxDeletions: number;
  maxSessionPercent: number;
  /** Below this many active sessions the percentage is not applied (1 of 2 is not a disaster). */
  minSessionsForPercent: number;
  /** Objects deleted plus sessions ended by automation in any hour (a loss spread over passes). */
  maxDestructivePerHour: number;
}

/**
 * Each class's mode from RECONCILE_MODES; classes not named are automatic. A class the reconciler
 * does not act on is refused, naming the variable (checked at start and by every pass), and so is
 * `quarantine` for a class whose fix keeps nothing back (see `quarantineClasses`).
 */
export function deriveClassModes(configured: AppEnv["RECONCILE_MODES"]): Record<ActionableClass, ClassMode> {
  const known: readonly string[] = actionableClasses;
  const unknown = Object.keys(configured).filter((c) => !known.includes(c));
  if (unknown.length > 0)
    throw new ConfigError(
      `Invalid configuration:\n  RECONCILE_MODES: ${unknown.map((c) => `"${c}"`).join(", ")} is not a class the reconciler acts on (${known.join(", ")})`,
    );
  const quarantinable: readonly string[] = quarantineClasses;
  const refused = Object.entries(configured)
    .filter(([c, mode]) => mode === "quarantine" && !quarantinable.includes(c))
    .map(([c]) => `"${c}"`);
  if (refused.length > 0)
    throw new ConfigError(
      `Invalid configuration:\n  RECONCILE_MODES: ${refused.join(", ")} cannot be quarantine: its fix has no Deployment to keep back (quarantine applies to ${quarantinable.join(", ")})`,
    );
  return Object.fromEntries(actionableClasses.map((c) => [c, configured[c] ?? "automatic"])) as Record<
    ActionableClass,
    ClassMode
  >;
}

export function deriveReconcilePolicy(env: AppEnv, installationId: string): ReconcilePolicy {
  const modes = deriveClassModes(env.RECONCILE_MODES);
  return {
    thresholds: deriveDriftThresholds(env),
    agentGoneForceSeconds: env.AGENT_GONE_FORCE_SECONDS,
    retryStopBackoffSeconds: env.RETRY_STOP_BACKOFF_SECONDS,
    stopEscalateAttempts: env.STOP_ESCALATE_ATTEMPTS,
    stopEscalateSeconds: env.STOP_ESCALATE_SECONDS,
    modes,
    installation: env.INSTALLATION_NAME,
    installationId,
    sessionLabelKey: env.SESSION_LABEL_KEY,
    quarantineSeconds: env.QUARANTINE_SECONDS,
  };
}

export function deriveBlastRadius(env: AppEnv): BlastRadius {
  return {
    maxDeletions: env.RECONCILE_MAX_DELETIONS,
    maxSessionPercent: env.RECONCILE_MAX_SESSION_PERCENT,
    minSessionsForPercent: 20,
    maxDestructivePerHour: env.RECONCILE_MAX_DESTRUCTIVE_PER_HOUR,
  };
}
