import "server-only";
import { getEnv, type AppEnv } from "@/lib/config/env";
import { getRuntimeSettings } from "@/lib/db/readers/runtime-settings";
import { log } from "@/lib/log/logger";
import { deriveEffectiveEnv, type RuntimeSettings } from "@/lib/settings/runtime";

/** The configuration in force: the environment with the admins' runtime settings over it. */
export interface EffectiveConfig {
  env: AppEnv;
  settings: RuntimeSettings;
}

/**
 * Reads the runtime settings now (no cache) and applies them to the environment. Every pass calls
 * this at its start, so a change on /settings reaches every replica's next pass without a restart.
 */
export async function readEffectiveConfig(): Promise<EffectiveConfig> {
  const base = getEnv();
  const { dropped, ...settings } = await getRuntimeSettings();
  if (dropped.length > 0)
    log.warn(
      "runtime settings: stored values that no longer validate are ignored (the environment's apply)",
      {
        dropped,
      },
    );
  return { env: deriveEffectiveEnv(base, settings.overrides), settings };
}

/** Views may lag a change by this much at most (they are polled every few seconds anyway). */
const viewCacheMs = 2_000;
let cached: { at: number; value: Promise<EffectiveConfig> } | undefined;

/**
 * {@link readEffectiveConfig} for the dashboard's views, shared for up to two seconds so a page's
 * parallel reads ask the database once. A failed read is not kept.
 */
export function getEffectiveConfig(): Promise<EffectiveConfig> {
  const now = Date.now();
  if (!cached || now - cached.at > viewCacheMs) {
    const value = readEffectiveConfig();
    cached = { at: now, value };
    value.catch(() => {
      if (cached?.value === value) cached = undefined;
    });
  }
  return cached.value;
}

/** Forget the shared value: this process just changed the settings. */
export function forgetEffectiveConfig(): void {
  cached = undefined;
}
