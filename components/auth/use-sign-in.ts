import { useState } from "react";

function describeFailure(status: number, message: string | undefined): string {
  if (status === 429) return "Too many sign-in attempts from here. Wait a minute and try again.";
  if (status === 401) return "Wrong email or password.";
  if (status === 403 && message) return message;
  return message ? `Sign-in failed: ${message}` : `Sign-in failed (HTTP ${status}).`;
}

async function post(path: string, body: unknown): Promise<Response> {
  return fetch(`/api/auth${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

/**
 * Signing in against better-auth's endpoints, by password or through the OIDC provider; on
 * success a full load of `next` (or the provider's page), otherwise a sentence in `error`.
 */
export function useSignIn(next: string, initialError: string | undefined) {
  const [error, setError] = useState(initialError);
  const [busy, setBusy] = useState(false);

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
        window.location.assign(next);
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
      callbackURL: next,
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

  return { error, busy, signInWithPassword, signInWithSso };
}
