"use client";

import { useState } from "react";
import { buttonClass } from "@/components/ui/dialog";

const inputClass = "mt-1 w-full rounded border border-slate-300 px-2 py-1.5 text-sm";

function describeFailure(status: number, message: string | undefined): string {
  if (status === 429) return "Too many sign-in attempts from here. Wait a minute and try again.";
  if (status === 401) return "Wrong email or password.";
  if (status === 403 && message) return message;
  return message ? `Sign-in failed: ${message}` : `Sign-in failed (HTTP ${status}).`;
}

/** Email + password against better-auth's endpoint, and the SSO button when OIDC is configured. */
export function SignInForm(props: { next: string; sso?: { label: string }; initialError?: string }) {
  const [error, setError] = useState(props.initialError);
  const [busy, setBusy] = useState(false);

  async function post(path: string, body: unknown): Promise<Response> {
    return fetch(`/api/auth${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  }

  async function signInWithPassword(form: FormData) {
    setBusy(true);
    setError(undefined);
    try {
      const response = await post("/sign-in/email", {
        email: String(form.get("email") ?? ""),
        password: String(form.get("password") ?? ""),
      });
      if (response.ok) {
        // A full load, so the layout renders with the signed-in person's role.
        window.location.assign(props.next);
        return;
      }
      const body = (await response.json().catch(() => ({}))) as { message?: string };
      setError(describeFailure(response.status, body.message));
    } catch {
      setError("The server did not answer. Check your connection and try again.");
    }
    setBusy(false);
  }

  async function signInWithSso() {
    setBusy(true);
    setError(undefined);
    const response = await post("/sign-in/social", {
      provider: "oidc",
      callbackURL: props.next,
      errorCallbackURL: "/sign-in?error=sso",
    }).catch(() => undefined);
    const body = (await response?.json().catch(() => ({}))) as { url?: string; message?: string } | undefined;
    if (response?.ok && body?.url) {
      window.location.assign(body.url);
      return;
    }
    setError(describeFailure(response?.status ?? 0, body?.message));
    setBusy(false);
  }

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
      <form
        className="space-y-3"
        onSubmit={(event) => {
          event.preventDefault();
          void signInWithPassword(new FormData(event.currentTarget));
        }}
      >
        <label className="block text-sm">
          Email
          <input name="email" type="email" autoComplete="username" required className={inputClass} />
        </label>
        <label className="block text-sm">
          Password
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            className={inputClass}
          />
        </label>
        <button
          type="submit"
          className={`${props.sso ? buttonClass.secondary : buttonClass.primary} w-full`}
          disabled={busy}
        >
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </div>
  );
}
