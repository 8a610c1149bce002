import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { authorizePage } from "@/lib/auth/guard";
import { safeReturnPath } from "@/lib/auth/return-to";
import { getEnv } from "@/lib/config/env";
import type { Metadata } from "next";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Sign in" };

const errors: Record<string, string> = {
  sso: "Single sign-on did not complete. Try again, or ask an admin to check the OIDC settings.",
  unavailable:
    "The database does not answer, so nobody can sign in right now. /api/readyz says which part is down; the server log says why.",
};

/** Sign in: email + password (the bootstrap admin and people an admin added) and, when set up, SSO. */
export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const next = safeReturnPath(params.next);
  const env = getEnv();
  const user = env.AUTH_SECRET ? await authorizePage("/sign-in") : null;
  // Someone already in goes on; someone signed in without a role may sign in as someone else.
  if (user && user.role !== "none") redirect(next);
  // better-auth appends its own `error` to our error URL: the first one is ours.
  const errorKey = [params.error].flat()[0];
  return (
    <div className="mx-auto max-w-sm px-4 py-16">
      <h1 className="mb-6 text-xl font-semibold tracking-tight">Sign in</h1>
      {env.AUTH_SECRET ? (
        <SignInForm
          next={next}
          sso={env.AUTH_OIDC_ISSUER ? { label: env.AUTH_OIDC_NAME } : undefined}
          initialError={errorKey ? (errors[errorKey] ?? "Sign-in failed; try again.") : undefined}
        />
      ) : (
        <p role="alert" className="rounded border border-red-200 bg-red-50 p-3 text-sm text-red-800">
          Sign-in is disabled: AUTH_SECRET is not set on the server. Set it to at least 32 random characters
          (for example <code>openssl rand -base64 32</code>) and restart.
        </p>
      )}
    </div>
  );
}
