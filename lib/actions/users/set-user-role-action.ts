"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { setUserRole } from "@/lib/db/writers/users";
import { userId, userRole } from "./schemas";

/**
 * Change a person's role (admins), from the role the admin saw (compare-and-set). The last admin
 * cannot be demoted. Applies at the person's next request. Audited as `user.role_changed`.
 */
export const setUserRoleAction = defineAction(
  "users/set-user-role",
  z.object({ userId, expectedRole: userRole, role: userRole }).strict(),
  async (input, { actor }) => {
    const user = await setUserRole({ ...input, actor, now: new Date() });
    return { id: user.id, role: user.role };
  },
);
