"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { buttonClass } from "@/components/ui/dialog";
import { setAutomationPausedAction } from "@/lib/actions/settings/set-automation-paused-action";

/** Pause or resume all automation, with a reason (required, audited). */
export function PauseForm({ paused }: { paused: boolean }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState("");
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const [pending, startTransition] = useTransition();
  const label = paused ? "Resume automation" : "Pause automation";
  return (
    <form
      aria-label={label}
      className="flex flex-wrap items-end gap-3"
      onSubmit={(event) => {
        event.preventDefault();
        startTransition(async () => {
          const result = await setAutomationPausedAction({ paused: !paused, reason });
          if (!result.ok) return setMessage({ ok: false, text: result.error });
          setReason("");
          setMessage({ ok: true, text: paused ? "Automation resumed." : "Automation paused." });
          // The banner on every page polls its own query: ask it again now.
          await queryClient.invalidateQueries({ queryKey: ["automation-state"] });
          router.refresh();
        });
      }}
    >
      <label className="flex min-w-[20rem] flex-1 flex-col text-sm">
        Reason {paused ? "to resume" : "to pause"}
        <input
          name="reason"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxLength={600}
          placeholder={paused ? "outage over, cluster healthy" : "database failover in progress"}
          className="rounded border border-slate-300 px-2 py-1 text-sm"
        />
      </label>
      <button type="submit" className={paused ? buttonClass.primary : buttonClass.danger} disabled={pending}>
        {label}
      </button>
      {message ? (
        <p
          role={message.ok ? "status" : "alert"}
          className={`w-full text-sm ${message.ok ? "text-emerald-700" : "text-red-700"}`}
        >
          {message.text}
        </p>
      ) : null}
    </form>
  );
}
