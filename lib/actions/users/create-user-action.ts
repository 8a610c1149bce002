"use server";

import { defineAction } from "@/lib/actions/define-action";
import { createUserWithPassword } from "@/lib/auth/users";
import { getDatabase } from "@/lib/db/client";
import { newUserInput } from "./schemas";

/** Add a person who signs in with email + password (admins). Audited as `user.created`, without the password. */
export const createUserAction = defineAction("users/create-user", newUserInput, async (input, { actor }) => {
  const { db } = await getDatabase();
  const user = await createUserWithPassword(db, { ...input, actor, now: new Date() });
  return { id: user.id, email: user.email, role: user.role };
});
