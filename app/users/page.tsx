import { Unavailable } from "@/components/layout/unavailable";
import { NewUserForm } from "@/components/users/new-user-form";
import { ResetPasswordForm } from "@/components/users/reset-password-form";
import { UserRoleForm } from "@/components/users/user-role-form";
import { ActionButton } from "@/components/ui/action-button";
import { DataTable, TableCard, type Column } from "@/components/ui/table";
import { signOutUserAction } from "@/lib/actions/users/sign-out-user-action";
import { authorizePage } from "@/lib/auth/guard";
import { listUsers } from "@/lib/db/readers/users";
import { Time } from "@/components/ui/time";
import type { Metadata } from "next";
import { Suspense } from "react";
import { PageSkeleton } from "@/components/ui/skeleton";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Users" };

/** Admins: who can sign in, with which role and how; add people, change roles, sign them out. */
export default async function UsersPage() {
  const me = (await authorizePage("/users"))!;
  // The check comes first, outside the boundary: a refusal is still a real 307, not a streamed one.
  return (
    <Suspense fallback={<PageSkeleton label="users" />}>
      <UsersContent me={me} />
    </Suspense>
  );
}

async function UsersContent({ me }: { me: NonNullable<Awaited<ReturnType<typeof authorizePage>>> }) {
  const now = new Date();
  let users;
  try {
    users = await listUsers(now);
  } catch (error) {
    return <Unavailable error={error} />;
  }
  const columns: Column<(typeof users)[number]>[] = [
    {
      header: "Person",
      cell: (user) => (
        <>
          <div className="font-medium">{user.email}</div>
          <div className="text-xs text-slate-500">{user.name}</div>
        </>
      ),
    },
    {
      header: "Role",
      cell: (user) => <UserRoleForm userId={user.id} role={user.role} self={user.id === me.id} />,
    },
    {
      header: "Signs in with",
      className: "text-slate-600",
      cell: (user) => (
        <>
          <div>{user.signInMethods.join(", ") || "—"}</div>
          <ResetPasswordForm userId={user.id} email={user.email} />
        </>
      ),
    },
    {
      header: "Signed in",
      cell: (user) =>
        user.activeSessions > 0 ? (
          <span className="inline-flex items-center gap-2">
            {user.activeSessions} browser{user.activeSessions === 1 ? "" : "s"}
            <ActionButton
              label="Sign out everywhere"
              action={signOutUserAction}
              input={{ userId: user.id }}
              confirm={`Sign ${user.email} out of every browser now?`}
            />
          </span>
        ) : (
          <span className="text-slate-500">no</span>
        ),
    },
    {
      header: "Added",
      className: "text-slate-600",
      cell: (user) => <Time at={user.createdAt} now={now} />,
    },
  ];
  return (
    <div className="mx-auto max-w-[1200px] space-y-6 px-4 py-6">
      <h1 className="text-xl font-semibold tracking-tight">Users</h1>
      <p className="text-sm text-slate-600">
        viewer: reads everything · operator: also retry stop, force terminate, delete resources, reconcile now
        · admin: also agents and users. People who sign in by SSO for the first time appear here with the role
        the installation gives them (usually none) until you change it.
      </p>
      <TableCard>
        <DataTable
          columns={columns}
          rows={users}
          rowKey={(user) => user.id}
          rowAttributes={(user) => ({ "data-testid": "user-row", "data-email": user.email })}
        />
      </TableCard>
      <NewUserForm />
    </div>
  );
}
