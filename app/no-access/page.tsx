import { SignOutButton } from "@/components/auth/sign-out-button";
import { authorizePage } from "@/lib/auth/guard";
import { userRoles } from "@/lib/auth/roles";
import type { Metadata } from "next";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "No access" };

/** Where a signed-in person lands on a page their role does not open, and what to do about it. */
export default async function NoAccessPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = (await authorizePage("/no-access"))!;
  const needed = (await searchParams).needed;
  const role = userRoles.find((r) => r === needed && r !== "none");
  return (
    <div className="mx-auto max-w-xl px-4 py-16" data-testid="no-access">
      <h1 className="text-xl font-semibold tracking-tight">No access</h1>
      <p className="mt-3 text-sm text-slate-700">
        You are signed in as <strong>{user.email}</strong> with the role <strong>{user.role}</strong>
        {user.role === "none" ? ", which opens nothing yet" : ""}.{" "}
        {role ? `That page needs the ${role} role.` : ""} Ask an admin of this installation to give you a role
        on the Users page; it applies as soon as they save it.
      </p>
      <p className="mt-6">
        <SignOutButton className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50" />
      </p>
    </div>
  );
}
