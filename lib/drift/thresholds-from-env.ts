import type { AppEnv } from "@/lib/config/env";
import type { DriftThresholds } from "./types";

/** The drift thresholds configured in the environment (README lists each variable). */
export function deriveDriftThresholds(env: AppEnv): DriftThresholds {
  return {
    stuckTerminatingSeconds: env.STUCK_TERMINATING_SECONDS,
    agentDisconnectGraceSeconds: env.AGENT_DISCONNECT_GRACE_SECONDS,
    orphanGraceSeconds: env.ORPHAN_GRACE_SECONDS,
    missingResourcesGraceSeconds: env.MISSING_RESOURCES_GRACE_SECONDS,
    pendingTooLongSeconds: env.PENDING_TIMEOUT_SECONDS,
    podTerminatingMarginSeconds: env.POD_TERMINATING_MARGIN_SECONDS,
    unhealthyNotReadySeconds: env.UNHEALTHY_NOT_READY_SECONDS,
    endedButRunningGraceSeconds: env.ENDED_BUT_RUNNING_GRACE_SECONDS,
  };
}
