"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { buttonClass } from "@/components/ui/dialog";
import { resetPasswordAction } from "@/lib/actions/users/reset-password-action";

/** "Reset password": a password field that opens in place; saving signs the person out everywhere. */
export function ResetPasswordForm(props: { userId: string; email: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const [pending, startTransition] = useTransition();
  if (!open) {
    return (
      <span className="inline-flex items-center gap-2">
        <button type="button" className={buttonClass.small} onClick={() => setOpen(true)}>
          Reset password
        </button>
        {message ? (
          <span role="status" className="text-xs text-emerald-700">
            {message.text}
          </span>
        ) : null}
      </span>
    );
  }
  return (
    <form
      aria-label={`New password for ${props.email}`}
      className="inline-flex items-center gap-1"
      onSubmit={(event) => {
        event.preventDefault();
        const password = String(new FormData(event.currentTarget).get("password") ?? "");
        startTransition(async () => {
          const result = await resetPasswordAction({ userId: props.userId, password });
          if (result.ok) {
            setOpen(false);
            setMessage({ ok: true, text: "Password set; signed out everywhere." });
            router.refresh();
          } else {
            setMessage({ ok: false, text: result.error });
          }
        });
      }}
    >
      <input
        name="password"
        type="password"
        autoComplete="new-password"
        minLength={12}
        required
        aria-label="New password"
        className="rounded border border-slate-300 px-1 py-0.5 text-xs"
      />
      <button type="submit" className={buttonClass.small} disabled={pending}>
        Set
      </button>
      <button type="button" className="text-xs underline" onClick={() => setOpen(false)}>
        Cancel
      </button>
      {message && !message.ok ? (
        <span role="alert" className="text-xs text-red-700">
          {message.text}
        </span>
      ) : null}
    </form>
  );
}
