"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { forgetEffectiveConfig } from "@/lib/config/runtime-env";
import { setAutomationPaused } from "@/lib/db/writers/runtime-settings";
import { pauseReasonSchema } from "@/lib/settings/runtime";

/**
 * Pause or resume all automation (admins), with a reason: while paused every pass (cron, loop,
 * "Reconcile now") records a `paused` run and does nothing; one-click fixes by people still work.
 * An explicit target state: pausing what is paused changes nothing. Audited `settings.paused` /
 * `settings.resumed`.
 */
export const setAutomationPausedAction = defineAction(
  "settings/set-automation-paused",
  z.object({ paused: z.boolean(), reason: pauseReasonSchema }).strict(),
  async ({ paused, reason }, { actor }) => {
    const { changed } = await setAutomationPaused({ paused, reason, actor, now: new Date() });
    forgetEffectiveConfig();
    return { paused, changed };
  },
);
