"use client";

import { buttonClass } from "@/components/ui/dialog";
import { PasswordForm } from "./password-form";
import { useSignIn } from "./use-sign-in";

/** Email + password against better-auth's endpoint, and the SSO button when OIDC is configured. */
export function SignInForm(props: { next: string; sso?: { label: string }; initialError?: string }) {
  const { error, busy, signInWithPassword, signInWithSso } = useSignIn(props.next, props.initialError);
  return (
    <div className="space-y-6">
      {error ? (
        <p role="alert" className="rounded border border-red-200 bg-red-50 p-3 text-sm text-red-800">
          {error}
        </p>
      ) : null}
      {props.sso ? (
        <>
          <button
            type="button"
            className={`${buttonClass.primary} w-full`}
            disabled={busy}
            onClick={signInWithSso}
          >
            Sign in with {props.sso.label}
          </button>
          <p className="text-center text-xs text-slate-500">or with a password</p>
        </>
      ) : null}
      <PasswordForm
        busy={busy}
        secondary={Boolean(props.sso)}
        onSubmit={(form) => void signInWithPassword(form)}
      />
    </div>
  );
}
