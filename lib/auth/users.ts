import { hashPassword } from "better-auth/crypto";
import type { AppEnv } from "@/lib/config/env";
import type { Database } from "@/lib/db/client";
import type { Actor } from "@/lib/db/queries/audit";
import { createPasswordUser, getUserByEmail, setUserPassword } from "@/lib/db/queries/users";
import type { UserRole, UserRow } from "@/lib/db/schema";

type NewPasswordUser = {
  email: string;
  name?: string;
  role: UserRole;
  password: string;
  actor: Actor;
  now: Date;
};

/**
 * The row of a new password user: the name defaults to the email's local part, and the password
 * is hashed by better-auth's own hasher (scrypt) so that its sign-in verifies it. The password
 * itself is never stored, logged or audited.
 */
export async function preparePasswordUser(
  input: NewPasswordUser,
): Promise<Parameters<typeof createPasswordUser>[1]> {
  return {
    email: input.email,
    name: input.name?.trim() || input.email.split("@")[0]!,
    role: input.role,
    passwordHash: await hashPassword(input.password),
    actor: input.actor,
    now: input.now,
  };
}

/** Creates a password user ({@link preparePasswordUser}). */
export async function createUserWithPassword(db: Database, input: NewPasswordUser): Promise<UserRow> {
  return createPasswordUser(db, await preparePasswordUser(input));
}

type PasswordReset = { userId: string; password: string; actor: Actor; now: Date };

/** A new password for a user, hashed like any other (setting it signs them out everywhere). */
export async function preparePasswordReset(
  input: PasswordReset,
): Promise<Parameters<typeof setUserPassword>[1]> {
  return {
    userId: input.userId,
    passwordHash: await hashPassword(input.password),
    actor: input.actor,
    now: input.now,
  };
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
