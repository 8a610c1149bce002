"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { deleteUserSessions } from "@/lib/db/writers/users";
import { userId } from "./schemas";

/** Sign a person out of every browser at once (admins), e.g. a lost laptop. Audited. */
export const signOutUserAction = defineAction(
  "users/sign-out-user",
  z.object({ userId }).strict(),
  async (input, { actor }) => {
    return { ended: await deleteUserSessions({ ...input, actor, now: new Date() }) };
  },
);
