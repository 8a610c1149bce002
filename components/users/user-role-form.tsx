"use client";

import { useState } from "react";
import { ActionButton } from "@/components/ui/action-button";
import { setUserRoleAction } from "@/lib/actions/users/set-user-role-action";
import { userRoles, type UserRole } from "@/lib/auth/roles";

/** A role picker with its own save button; the change is checked against the role shown. */
export function UserRoleForm(props: { userId: string; role: UserRole; self: boolean }) {
  const [role, setRole] = useState(props.role);
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
        <ActionButton
          label="Save"
          action={setUserRoleAction}
          input={{ userId: props.userId, expectedRole: props.role, role }}
          confirm={props.self ? "Change your own role? You may lose access to this page." : undefined}
        />
      ) : null}
    </span>
  );
}
