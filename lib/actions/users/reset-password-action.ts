"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { resetUserPassword } from "@/lib/auth/users";
import { getDatabase } from "@/lib/db/client";
import { newPassword, userId } from "./schemas";

/**
 * Set a person's password (admins): for someone locked out, or a password that leaked. Signs
 * them out everywhere. Audited as `user.password_reset`, without the password.
 */
export const resetPasswordAction = defineAction(
  "users/reset-password",
  z.object({ userId, password: newPassword }).strict(),
  async (input, { actor }) => {
    const { db } = await getDatabase();
    return resetUserPassword(db, { ...input, actor, now: new Date() });
  },
);
