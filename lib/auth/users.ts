import { hashPassword } from "better-auth/crypto";
import type { AppEnv } from "@/lib/config/env";
import type { Database } from "@/lib/db/client";
import type { Actor } from "@/lib/db/queries/audit";
import { createPasswordUser, getUserByEmail, setUserPassword } from "@/lib/db/queries/users";
import type { UserRole, UserRow } from "@/lib/db/schema";

/**
 * Creates a password user, the password hashed by better-auth's own hasher (scrypt) so that
 * its sign-in verifies it. The password itself is never stored, logged or audited.
 */
export async function createUserWithPassword(
  db: Database,
  input: { email: string; name?: string; role: UserRole; password: string; actor: Actor; now: Date },
): Promise<UserRow> {
  return createPasswordUser(db, {
    email: input.email,
    name: input.name?.trim() || input.email.split("@")[0]!,
    role: input.role,
    passwordHash: await hashPassword(input.password),
    actor: input.actor,
    now: input.now,
  });
}

/** Gives a user a new password (hashed like any other) and signs them out everywhere. */
export async function resetUserPassword(
  db: Database,
  input: { userId: string; password: string; actor: Actor; now: Date },
): Promise<{ endedSessions: number }> {
  return setUserPassword(db, {
    userId: input.userId,
    passwordHash: await hashPassword(input.password),
    actor: input.actor,
    now: input.now,
  });
}

/**
 * Creates the bootstrap admin from AUTH_BOOTSTRAP_ADMIN_EMAIL/PASSWORD when no user has that
 * email yet (first start). An existing user is left alone: their password and role may have
 * been changed since, and configuration must not undo it.
 */
export async function ensureBootstrapAdmin(
  db: Database,
  env: Pick<AppEnv, "AUTH_BOOTSTRAP_ADMIN_EMAIL" | "AUTH_BOOTSTRAP_ADMIN_PASSWORD">,
  now: Date,
): Promise<"created" | "exists" | "not-configured"> {
  const email = env.AUTH_BOOTSTRAP_ADMIN_EMAIL;
  const password = env.AUTH_BOOTSTRAP_ADMIN_PASSWORD;
  if (!email || !password) return "not-configured";
  if (await getUserByEmail(db, email)) return "exists";
  try {
    await createUserWithPassword(db, {
      email,
      name: "Bootstrap admin",
      role: "admin",
      password,
      actor: { type: "system", id: "bootstrap" },
      now,
    });
    return "created";
  } catch (error) {
    // Another replica created it between the lookup and the insert.
    if (await getUserByEmail(db, email)) return "exists";
    throw error;
  }
}
