"use server";

import { defineAction } from "@/lib/actions/define-action";
import { preparePasswordUser } from "@/lib/auth/users";
import { createPasswordUser } from "@/lib/db/writers/users";
import { newUserInput } from "./schemas";

/** Add a person who signs in with email + password (admins). Audited as `user.created`, without the password. */
export const createUserAction = defineAction("users/create-user", newUserInput, async (input, { actor }) => {
  const user = await createPasswordUser(await preparePasswordUser({ ...input, actor, now: new Date() }));
  return { id: user.id, email: user.email, role: user.role };
});
