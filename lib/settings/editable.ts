import { z } from "zod";
import type { AppEnv } from "@/lib/config/env";

/** How a value is shown and entered: seconds are durations, a count is a number of things. */
export type SettingUnit = "seconds" | "count" | "percent";

/** One setting an admin may change at run time: the variable it overrides, its label and bounds. */
export interface EditableSetting {
  /** The environment variable whose value this overrides (the environment gives the default). */
  key: EditableKey;
  label: string;
  unit: SettingUnit;
  min: number;
  max: number;
  /** Whole numbers only (every key but the session percentage). */
  integer: boolean;
  /** What it changes, in a sentence for the settings page. */
  help: string;
}

/** The AppEnv keys whose values are numbers: the only kind of setting editable at run time. */
type NumericEnvKey = { [K in keyof AppEnv]-?: AppEnv[K] extends number ? K : never }[keyof AppEnv];

const entry = (
  key: NumericEnvKey,
  label: string,
  unit: SettingUnit,
  max: number,
  help: string,
  { min = 0, integer = true } = {},
) => ({ key, label, unit, min, max, integer, help }) as const;

const day = 86_400;

/**
 * Every setting editable on /settings, one line each. The bounds are the environment's own
 * (lib/config/env.ts), so a value stored here is one the environment could have set. Adding a key
 * is one line here (its variable must be numeric in AppEnv).
 */
export const editableSettings = [
  entry(
    "STUCK_TERMINATING_SECONDS",
    "Stuck terminating after",
    "seconds",
    day,
    "A session terminating longer than this is stuck.",
  ),
  entry(
    "AGENT_DISCONNECT_GRACE_SECONDS",
    "Agent disconnect grace",
    "seconds",
    day,
    "A disconnected agent's sessions wait this long before they are lost.",
  ),
  entry(
    "ORPHAN_GRACE_SECONDS",
    "Orphan grace",
    "seconds",
    day,
    "Objects of ours with no session row wait this long before deletion.",
  ),
  entry(
    "MISSING_RESOURCES_GRACE_SECONDS",
    "Missing resources grace",
    "seconds",
    day,
    "A running session with no objects waits this long before it is failed.",
  ),
  entry(
    "PENDING_TIMEOUT_SECONDS",
    "Pending too long after",
    "seconds",
    day,
    "A pending session whose agent is gone is failed after this long.",
  ),
  entry(
    "POD_TERMINATING_MARGIN_SECONDS",
    "Pod terminating margin",
    "seconds",
    day,
    "A pod deleting longer than its grace period plus this is stuck.",
  ),
  entry(
    "UNHEALTHY_NOT_READY_SECONDS",
    "Unhealthy when not ready for",
    "seconds",
    day,
    "A pod not ready this long is shown unhealthy.",
  ),
  entry(
    "AGENT_GONE_FORCE_SECONDS",
    "Force after the agent is gone for",
    "seconds",
    day,
    "Upper bound on the wait before a disconnected agent's terminating session is forced (the wait is the disconnect grace unless this is lower).",
  ),
  entry(
    "ENDED_BUT_RUNNING_GRACE_SECONDS",
    "Ended but still running after",
    "seconds",
    day,
    "An ended session its agent still reports is drift (a stop is queued) once ended longer than this.",
  ),
  entry(
    "QUARANTINE_SECONDS",
    "Quarantine for",
    "seconds",
    30 * day,
    "Quarantine mode: how long objects stay scaled to 0 before deletion, and how long a Restore holds the reconciler off.",
    { min: 1 },
  ),
  entry(
    "RETRY_STOP_BACKOFF_SECONDS",
    "Stop retry backoff",
    "seconds",
    day,
    "Least time between two stops of one session (doubles per attempt, up to 16×).",
  ),
  entry(
    "STOP_ESCALATE_ATTEMPTS",
    "Escalate after stop attempts",
    "count",
    1000,
    "Failed stops on a connected agent before the session needs attention (forced in automatic mode).",
    { min: 1 },
  ),
  entry(
    "STOP_ESCALATE_SECONDS",
    "Escalate a stop open for",
    "seconds",
    day,
    "A stop still open this long escalates like failed attempts.",
  ),
  entry(
    "RECONCILE_MAX_DELETIONS",
    "Most deletions per run",
    "count",
    1_000_000,
    "A run that would delete more objects stops and asks a human.",
  ),
  entry(
    "RECONCILE_MAX_SESSION_PERCENT",
    "Most sessions ended per run",
    "percent",
    100,
    "A run that would end a larger share of the active sessions stops (from 20 sessions).",
    { integer: false },
  ),
  entry(
    "RECONCILE_MAX_DESTRUCTIVE_PER_HOUR",
    "Most destructive actions per hour",
    "count",
    10_000_000,
    "Objects deleted plus sessions ended by automation in any hour; past it a human confirms.",
  ),
] as const satisfies readonly EditableSetting[];

export type EditableKey = NumericEnvKey;
/** A key of {@link editableSettings}. */
export type SettingKey = (typeof editableSettings)[number]["key"];

export const settingKeys = editableSettings.map((s) => s.key) as SettingKey[];

/** The definition of `key`, or undefined for a key that is not editable. */
export function findEditableSetting(key: string): EditableSetting | undefined {
  return (editableSettings as readonly EditableSetting[]).find((s) => s.key === key);
}

/** The zod schema of one setting's value: a finite number within its bounds (whole when it must be). */
export function settingValueSchema(setting: EditableSetting) {
  const base = z.number({ error: `${setting.label} must be a number` }).finite();
  const whole = setting.integer ? base.int(`${setting.label} must be a whole number`) : base;
  return whole
    .min(setting.min, `${setting.label} must be at least ${setting.min}`)
    .max(setting.max, `${setting.label} must be at most ${setting.max}`);
}
