import { z } from "zod";
import type { ClassMode } from "@/lib/config/class-modes";
import type { AppEnv } from "@/lib/config/env";
import { actionableClasses, deriveAllowedModes, type ActionableClass } from "@/lib/reconcile/types";
import { editableSettings, findEditableSetting, settingValueSchema, type SettingKey } from "./editable";

/** The overrides stored in the database: only what an admin changed; the rest is the environment's. */
export interface StoredOverrides {
  values: Partial<Record<SettingKey, number>>;
  modes: Partial<Record<ActionableClass, ClassMode>>;
}

/** Who paused automation, when and why. */
export interface PauseState {
  pausedBy: string;
  pausedAt: Date;
  reason: string;
}

/** The runtime settings row as the app uses it. */
export interface RuntimeSettings {
  overrides: StoredOverrides;
  /** Null while automation runs. */
  pause: PauseState | null;
  updatedAt: Date | null;
  updatedBy: string | null;
}

export const emptyOverrides: StoredOverrides = { values: {}, modes: {} };

/**
 * The stored overrides that still hold: a value out of its bounds (stored under older bounds, or
 * written by hand), an unknown key or mode is dropped, so the environment's value applies and a
 * bad row never stops a pass. `dropped` names what was ignored, for the log and the page.
 */
export function deriveStoredOverrides(raw: unknown): { overrides: StoredOverrides; dropped: string[] } {
  const dropped: string[] = [];
  const record = (value: unknown): Record<string, unknown> =>
    value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const input = record(raw);
  const values: StoredOverrides["values"] = {};
  for (const [key, value] of Object.entries(record(input.values))) {
    const setting = findEditableSetting(key);
    if (setting && settingValueSchema(setting).safeParse(value).success)
      values[key as SettingKey] = value as number;
    else dropped.push(key);
  }
  const modes: StoredOverrides["modes"] = {};
  for (const [name, mode] of Object.entries(record(input.modes))) {
    const known = (actionableClasses as readonly string[]).includes(name);
    // A mode the class cannot take (quarantine of a class that deletes nothing) would stop every pass.
    const allowed: readonly string[] = known ? deriveAllowedModes(name as ActionableClass) : [];
    if (allowed.includes(mode as string)) modes[name as ActionableClass] = mode as ClassMode;
    else dropped.push(`mode of ${name}`);
  }
  return { overrides: { values, modes }, dropped };
}

/**
 * The configuration a pass and the dashboard run with: the environment, with the stored overrides
 * applied. Every consumer reading `env.X` gets the database's value with no other change; a mode
 * stored for a class replaces the one RECONCILE_MODES gives it.
 */
export function deriveEffectiveEnv(env: AppEnv, overrides: StoredOverrides): AppEnv {
  return {
    ...env,
    ...overrides.values,
    RECONCILE_MODES: { ...env.RECONCILE_MODES, ...overrides.modes },
  };
}

/** Each class's mode from the environment alone (RECONCILE_MODES; a class not named is automatic). */
export function deriveDefaultMode(env: AppEnv, driftClass: ActionableClass): ClassMode {
  return env.RECONCILE_MODES[driftClass] ?? "automatic";
}

/**
 * A change an admin asks for: per key a new value, or null to go back to the environment's. Keys
 * not named stay as they are; a key that is not editable, a value out of bounds or of the wrong
 * type refuses the whole change (nothing is written).
 */
export const settingsPatchSchema = z
  .object({
    values: z
      .object(
        Object.fromEntries(editableSettings.map((s) => [s.key, settingValueSchema(s).nullable().optional()])),
      )
      .strict()
      .default({}),
    modes: z
      .object(
        Object.fromEntries(
          actionableClasses.map((c) => [
            c,
            z
              .enum(deriveAllowedModes(c) as [ClassMode, ...ClassMode[]])
              .nullable()
              .optional(),
          ]),
        ),
      )
      .strict()
      .default({}),
  })
  .strict()
  .refine(
    (p) => Object.keys(p.values).length + Object.keys(p.modes).length > 0,
    "name at least one setting to change",
  );
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

/** The overrides after `patch`: a value sets its key, null removes it (the environment's applies). */
export function deriveOverridesAfter(current: StoredOverrides, patch: SettingsPatch): StoredOverrides {
  const values: Record<string, number> = { ...current.values };
  for (const [key, value] of Object.entries(patch.values)) {
    if (value === null) delete values[key];
    else if (value !== undefined) values[key] = value as number;
  }
  const modes: Record<string, ClassMode> = { ...current.modes };
  for (const [name, mode] of Object.entries(patch.modes)) {
    if (mode === null) delete modes[name];
    else if (mode !== undefined) modes[name] = mode as ClassMode;
  }
  return { values, modes } as StoredOverrides;
}

/** What changed between two sets of overrides, key by key, for the audit's before and after. */
export function deriveOverridesChange(before: StoredOverrides, after: StoredOverrides) {
  const changed: { key: string; before: number | string | null; after: number | string | null }[] = [];
  const compare = (prefix: string, a: Record<string, unknown>, b: Record<string, unknown>) => {
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      const was = (a[key] ?? null) as number | string | null;
      const now = (b[key] ?? null) as number | string | null;
      if (was !== now) changed.push({ key: `${prefix}${key}`, before: was, after: now });
    }
  };
  compare("", before.values, after.values);
  compare("mode:", before.modes, after.modes);
  return changed;
}

/** A reason to pause or resume: required, one line of plain text (no markup), at most 500 characters. */
export const pauseReasonSchema = z
  .string()
  .trim()
  .min(3, "say why, in a few words")
  .max(500, "keep the reason under 500 characters")
  .refine((v) => !/[<>\u0000-\u001f]/.test(v), "the reason must be plain text on one line (no < or >)");
