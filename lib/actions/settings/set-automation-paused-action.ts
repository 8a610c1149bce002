"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { forgetEffectiveConfig } from "@/lib/config/runtime-env";
import { setAutomationPaused } from "@/lib/db/writers/runtime-settings";
import { notifyEvent } from "@/lib/notify/server";
import { pauseReasonSchema } from "@/lib/settings/runtime";

/**
 * Pause or resume all automation (admins), with a reason: while paused every pass (cron, loop,
 * "Reconcile now") records a `paused` run and does nothing; one-click fixes by people still work.
 * An explicit target state: pausing what is paused changes nothing. Audited `settings.paused` /
 * `settings.resumed`, and told to the webhooks that subscribe (`automation.paused` / `.resumed`).
 */
export const setAutomationPausedAction = defineAction(
  "settings/set-automation-paused",
  z.object({ paused: z.boolean(), reason: pauseReasonSchema }).strict(),
  async ({ paused, reason }, { actor }) => {
    const now = new Date();
    const occurredAt = now.toISOString();
    const { changed } = await setAutomationPaused({
      paused,
      reason,
      actor,
      now,
      // The webhooks hear of it only when it happened: enqueued in the pause's own transaction.
      alsoInTransaction: (tx) =>
        notifyEvent(
          paused
            ? { type: "automation.paused", occurredAt, actorId: actor.id, reason }
            : { type: "automation.resumed", occurredAt, actorId: actor.id },
          { db: tx },
        ),
    });
    forgetEffectiveConfig();
    return { paused, changed };
  },
);
