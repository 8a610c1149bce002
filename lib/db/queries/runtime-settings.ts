import { eq, sql } from "drizzle-orm";
import {
  deriveOverridesAfter,
  deriveOverridesChange,
  deriveStoredOverrides,
  type RuntimeSettings,
  type SettingsPatch,
} from "@/lib/settings/runtime";
import type { Database } from "../client";
import { runtimeSettings, type RuntimeSettingsRow } from "../schema";
import { recordAudit, type Actor } from "./audit";

const singleton = "this";

function toRuntimeSettings(row: RuntimeSettingsRow | undefined): RuntimeSettings & { dropped: string[] } {
  const { overrides, dropped } = deriveStoredOverrides(row?.overrides);
  const pause =
    row?.pausedAt && row.pausedBy
      ? { pausedAt: row.pausedAt, pausedBy: row.pausedBy, reason: row.pauseReason ?? "" }
      : null;
  return { overrides, pause, updatedAt: row?.updatedAt ?? null, updatedBy: row?.updatedBy ?? null, dropped };
}

/**
 * The runtime settings as stored now (no row: no override, not paused). Stored entries that no
 * longer validate are left out and named in `dropped`: the environment's value applies.
 */
export async function getRuntimeSettings(db: Database) {
  const [row] = await db.select().from(runtimeSettings).where(eq(runtimeSettings.singleton, singleton));
  return toRuntimeSettings(row);
}

/** The row, locked for the rest of `tx` (created first when missing), so changes never interleave. */
async function lockRow(tx: Database) {
  await tx.insert(runtimeSettings).values({ singleton }).onConflictDoNothing();
  const [row] = await tx
    .select()
    .from(runtimeSettings)
    .where(eq(runtimeSettings.singleton, singleton))
    .for("update");
  return toRuntimeSettings(row);
}

/**
 * Applies `patch` to the stored overrides and audits `settings.updated` with each changed key's
 * before and after, in one transaction. A patch that changes nothing writes nothing.
 */
export async function updateRuntimeSettings(
  db: Database,
  input: { patch: SettingsPatch; actor: Actor; now: Date },
) {
  return db.transaction(async (tx) => {
    const current = await lockRow(tx);
    const after = deriveOverridesAfter(current.overrides, input.patch);
    const changes = deriveOverridesChange(current.overrides, after);
    if (changes.length === 0) return { changes };
    await tx
      .update(runtimeSettings)
      .set({ overrides: { ...after }, updatedAt: input.now, updatedBy: input.actor.id })
      .where(eq(runtimeSettings.singleton, singleton));
    await recordAudit(tx, {
      actor: input.actor,
      action: "settings.updated",
      details: {
        changes,
        before: Object.fromEntries(changes.map((c) => [c.key, c.before])),
        after: Object.fromEntries(changes.map((c) => [c.key, c.after])),
      },
      now: input.now,
    });
    return { changes };
  });
}

/**
 * Pauses (`paused: true`) or resumes automation, audited `settings.paused` / `settings.resumed`
 * with the reason. An explicit target state, never a toggle: pausing what is paused changes
 * nothing and says so.
 */
export async function setAutomationPaused(
  db: Database,
  input: {
    paused: boolean;
    reason: string;
    actor: Actor;
    now: Date;
    /** Also written in the change's transaction (the notifications it enqueues): both or neither. */
    alsoInTransaction?: (tx: Database) => Promise<unknown>;
  },
): Promise<{ changed: boolean }> {
  return db.transaction(async (tx) => {
    const current = await lockRow(tx);
    if ((current.pause !== null) === input.paused) return { changed: false };
    await tx
      .update(runtimeSettings)
      .set(
        input.paused
          ? { pausedAt: input.now, pausedBy: input.actor.id, pauseReason: input.reason }
          : { pausedAt: null, pausedBy: null, pauseReason: null },
      )
      .where(eq(runtimeSettings.singleton, singleton));
    await recordAudit(tx, {
      actor: input.actor,
      action: input.paused ? "settings.paused" : "settings.resumed",
      details: {
        reason: input.reason,
        ...(current.pause
          ? { pausedBy: current.pause.pausedBy, pausedAt: current.pause.pausedAt.toISOString() }
          : {}),
      },
      now: input.now,
    });
    await input.alsoInTransaction?.(tx);
    return { changed: true };
  });
}

/** Whether automation is paused, in one cheap read (the metrics gauge). */
export async function isAutomationPaused(db: Database): Promise<boolean> {
  const [row] = await db
    .select({ paused: sql<boolean>`${runtimeSettings.pausedAt} is not null` })
    .from(runtimeSettings)
    .where(eq(runtimeSettings.singleton, singleton));
  return row?.paused ?? false;
}
