"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { getDatabase } from "@/lib/db/client";
import { deleteUserSessions } from "@/lib/db/queries/users";
import { userId } from "./schemas";

/** Sign a person out of every browser at once (admins), e.g. a lost laptop. Audited. */
export const signOutUserAction = defineAction(
  "users/sign-out-user",
  z.object({ userId }).strict(),
  async (input, { actor }) => {
    const { db } = await getDatabase();
    return { ended: await deleteUserSessions(db, { ...input, actor, now: new Date() }) };
  },
);
