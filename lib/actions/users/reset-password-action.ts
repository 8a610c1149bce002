"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { preparePasswordReset } from "@/lib/auth/users";
import { setUserPassword } from "@/lib/db/writers/users";
import { newPassword, userId } from "./schemas";

/**
 * Set a person's password (admins): for someone locked out, or a password that leaked. Signs
 * them out everywhere. Audited as `user.password_reset`, without the password.
 */
export const resetPasswordAction = defineAction(
  "users/reset-password",
  z.object({ userId, password: newPassword }).strict(),
  async (input, { actor }) => {
    return setUserPassword(await preparePasswordReset({ ...input, actor, now: new Date() }));
  },
);
