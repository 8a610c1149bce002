"use server";

import { defineAction } from "@/lib/actions/define-action";
import { forgetEffectiveConfig } from "@/lib/config/runtime-env";
import { invalidateSessionRows } from "@/lib/dashboard/get-sessions-view";
import { updateRuntimeSettings } from "@/lib/db/writers/runtime-settings";
import { settingsPatchSchema } from "@/lib/settings/runtime";

/**
 * Change runtime settings (admins): per key a value within its bounds, or null to go back to the
 * environment's default; per drift class a mode, or null. Out of bounds, a wrong type or an unknown
 * key refuses the whole change. Audited as `settings.updated` with each key's before and after;
 * every pass on every replica reads it at its next start.
 */
export const updateSettingsAction = defineAction(
  "settings/update-settings",
  settingsPatchSchema,
  async (patch, { actor }) => {
    const { changes } = await updateRuntimeSettings({ patch, actor, now: new Date() });
    forgetEffectiveConfig();
    invalidateSessionRows();
    return { changed: changes.map((c) => c.key) };
  },
);
