import { Unavailable } from "@/components/layout/unavailable";
import { NewUserForm } from "@/components/users/new-user-form";
import { ResetPasswordForm } from "@/components/users/reset-password-form";
import { UserRoleForm } from "@/components/users/user-role-form";
import { ActionButton } from "@/components/ui/action-button";
import { signOutUserAction } from "@/lib/actions/users/sign-out-user-action";
import { authorizePage } from "@/lib/auth/guard";
import { listUsers } from "@/lib/db/readers/users";
import { formatDuration, secondsBetween } from "@/lib/format/duration";

export const dynamic = "force-dynamic";

/** Admins: who can sign in, with which role and how; add people, change roles, sign them out. */
export default async function UsersPage() {
  const me = (await authorizePage("/users"))!;
  const now = new Date();
  let users;
  try {
    users = await listUsers(now);
  } catch (error) {
    return <Unavailable error={error} />;
  }
  return (
    <main className="mx-auto max-w-[1200px] space-y-6 px-4 py-6">
      <h1 className="text-xl font-semibold tracking-tight">Users</h1>
      <p className="text-sm text-slate-600">
        viewer: reads everything · operator: also retry stop, force terminate, delete resources, reconcile now
        · admin: also agents and users. People who sign in by SSO for the first time appear here with the role
        the installation gives them (usually none) until you change it.
      </p>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
        <table className="w-full text-sm">
          <thead className="border-b bg-slate-50 text-left text-xs text-slate-600">
            <tr>
              <th className="px-3 py-2 font-medium">Person</th>
              <th className="px-3 py-2 font-medium">Role</th>
              <th className="px-3 py-2 font-medium">Signs in with</th>
              <th className="px-3 py-2 font-medium">Signed in</th>
              <th className="px-3 py-2 font-medium">Added</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr
                key={user.id}
                data-testid="user-row"
                data-email={user.email}
                className="border-b border-slate-100"
              >
                <td className="px-3 py-2">
                  <div className="font-medium">{user.email}</div>
                  <div className="text-xs text-slate-500">{user.name}</div>
                </td>
                <td className="px-3 py-2">
                  <UserRoleForm userId={user.id} role={user.role} self={user.id === me.id} />
                </td>
                <td className="px-3 py-2 text-slate-600">
                  <div>{user.signInMethods.join(", ") || "—"}</div>
                  <ResetPasswordForm userId={user.id} email={user.email} />
                </td>
                <td className="px-3 py-2">
                  {user.activeSessions > 0 ? (
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
                    <span className="text-slate-400">no</span>
                  )}
                </td>
                <td className="px-3 py-2 text-slate-600">
                  {formatDuration(secondsBetween(user.createdAt, now))} ago
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <NewUserForm />
    </main>
  );
}
