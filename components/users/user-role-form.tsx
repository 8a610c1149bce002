"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { buttonClass } from "@/components/ui/dialog";
import { setUserRoleAction } from "@/lib/actions/users/set-user-role-action";
import { userRoles, type UserRole } from "@/lib/auth/roles";

/** A role picker with its own save button; the change is checked against the role shown. */
export function UserRoleForm(props: { userId: string; role: UserRole; self: boolean }) {
  const router = useRouter();
  const [role, setRole] = useState(props.role);
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();
  return (
    <span className="inline-flex items-center gap-2">
      <select
        aria-label="Role"
        value={role}
        onChange={(e) => setRole(e.target.value as UserRole)}
        className="rounded border border-slate-300 px-1 py-0.5 text-sm"
      >
        {userRoles.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>
      {role !== props.role ? (
        <button
          type="button"
          className={buttonClass.small}
          disabled={pending}
          onClick={() => {
            if (props.self && !window.confirm("Change your own role? You may lose access to this page."))
              return;
            setError(undefined);
            startTransition(async () => {
              const result = await setUserRoleAction({
                userId: props.userId,
                expectedRole: props.role,
                role,
              });
              if (result.ok) router.refresh();
              else setError(result.error);
            });
          }}
        >
          Save
        </button>
      ) : null}
      {error ? (
        <span role="alert" className="text-xs text-red-700">
          {error}
        </span>
      ) : null}
    </span>
  );
}
