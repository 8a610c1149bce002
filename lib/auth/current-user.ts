import "server-only";
import { headers } from "next/headers";
import { cache } from "react";
import { getEnv } from "@/lib/config/env";
import { userRoles, type UserRole } from "@/lib/auth/roles";
import { getAuth } from "./auth";

/** The signed-in person behind a request. */
export interface SignedInUser {
  id: string;
  email: string;
  name: string;
  role: UserRole;
}

/**
 * The person signed in with the cookies of `requestHeaders`, or null. Every request reads the
 * session row (no cookie cache), so a role change or "sign out everywhere" applies at once.
 */
export async function getSignedInUserFrom(requestHeaders: Headers): Promise<SignedInUser | null> {
  if (!getEnv().AUTH_SECRET) return null;
  const auth = await getAuth();
  const session = await auth.api.getSession({ headers: requestHeaders });
  if (!session) return null;
  const role = (session.user as { role?: string }).role;
  return {
    id: session.user.id,
    email: session.user.email,
    name: session.user.name,
    role: userRoles.includes(role as UserRole) ? (role as UserRole) : "none",
  };
}

/** The signed-in person of the current page render or server action (read once per request). */
export const getSignedInUser = cache(async () => getSignedInUserFrom(await headers()));
