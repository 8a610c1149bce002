import { and, asc, count, eq, gt } from "drizzle-orm";
import type { Database } from "../client";
import { userAccounts, users, userSessions, type UserRole, type UserRow } from "../schema";
import { recordAudit, type Actor } from "./audit";
import { conflictError, notFoundError } from "@/lib/errors";

/** A user as the dashboard lists them: no password, with how many browsers are signed in. */
export interface UserListItem extends UserRow {
  signInMethods: string[];
  activeSessions: number;
}

/** Every user, oldest first, with their sign-in methods and active sign-ins at `now`. */
export async function listUsers(db: Database, now: Date): Promise<UserListItem[]> {
  const [rows, accounts, active] = await Promise.all([
    db.select().from(users).orderBy(asc(users.createdAt)).limit(1000),
    db.select({ userId: userAccounts.userId, providerId: userAccounts.providerId }).from(userAccounts),
    db
      .select({ userId: userSessions.userId, n: count() })
      .from(userSessions)
      .where(gt(userSessions.expiresAt, now))
      .groupBy(userSessions.userId),
  ]);
  return rows.map((user) => ({
    ...user,
    signInMethods: accounts
      .filter((a) => a.userId === user.id)
      .map((a) => (a.providerId === "credential" ? "password" : a.providerId)),
    activeSessions: active.find((a) => a.userId === user.id)?.n ?? 0,
  }));
}

export async function getUserByEmail(db: Database, email: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.email, email.toLowerCase()));
  return row;
}

/**
 * Creates a user who signs in with a password (`passwordHash` from better-auth's hasher), with
 * the audit event in the same transaction. An existing email is a conflict, never overwritten.
 */
export async function createPasswordUser(
  db: Database,
  input: { email: string; name: string; role: UserRole; passwordHash: string; actor: Actor; now: Date },
): Promise<UserRow> {
  const email = input.email.toLowerCase();
  return db.transaction(async (tx) => {
    const [user] = await tx
      .insert(users)
      .values({
        id: crypto.randomUUID(),
        email,
        name: input.name,
        role: input.role,
        emailVerified: true,
        createdAt: input.now,
        updatedAt: input.now,
      })
      .onConflictDoNothing({ target: users.email })
      .returning();
    if (!user) throw conflictError("user_exists", `a user with the email ${email} already exists`);
    await setCredential(tx, user.id, input.passwordHash, input.now);
    await recordAudit(tx, {
      actor: input.actor,
      action: "user.created",
      details: { email, role: input.role },
      now: input.now,
    });
    return user;
  });
}

/**
 * Sets a user's role (compare-and-set on the role the admin saw). The last admin cannot be
 * demoted, so the installation never locks itself out.
 */
export async function setUserRole(
  db: Database,
  input: { userId: string; expectedRole: UserRole; role: UserRole; actor: Actor; now: Date },
): Promise<UserRow> {
  return db.transaction(async (tx) => {
    // Lock every admin row first: two admins demoting each other at once must not both see
    // "another admin is left" (the second waits, then counts one).
    const admins = await tx.select({ id: users.id }).from(users).where(eq(users.role, "admin")).for("update");
    const [current] = await tx.select().from(users).where(eq(users.id, input.userId)).for("update");
    if (!current) throw notFoundError(`user ${input.userId} does not exist`);
    if (current.role === input.role) return current;
    if (current.role !== input.expectedRole) {
      throw conflictError(
        "role_changed",
        `${current.email} is now ${current.role}, not ${input.expectedRole}; reload and try again`,
      );
    }
    if (current.role === "admin" && admins.length <= 1) {
      throw conflictError("last_admin", `${current.email} is the last admin; make another admin first`);
    }
    const [updated] = await tx
      .update(users)
      .set({ role: input.role, updatedAt: input.now })
      .where(and(eq(users.id, input.userId), eq(users.role, current.role)))
      .returning();
    await recordAudit(tx, {
      actor: input.actor,
      action: "user.role_changed",
      details: { email: current.email, from: current.role, to: input.role },
      now: input.now,
    });
    return updated!;
  });
}

/** Signs a user out everywhere (deletes their sign-in sessions); answers how many ended. */
export async function deleteUserSessions(
  db: Database,
  input: { userId: string; actor: Actor; now: Date },
): Promise<number> {
  return db.transaction(async (tx) => {
    const user = await lockUser(tx, input.userId);
    const ended = await endSessions(tx, user.id);
    await recordAudit(tx, {
      actor: input.actor,
      action: "user.signed_out_everywhere",
      details: { email: user.email, sessions: ended },
      now: input.now,
    });
    return ended;
  });
}

/**
 * Sets a user's password (a hash from better-auth's hasher) and signs them out everywhere, in one
 * transaction with its audit event: a reset also ends the sessions of whoever knew the old one.
 * A user who signed in only by SSO gets a password sign-in as well.
 */
export async function setUserPassword(
  db: Database,
  input: { userId: string; passwordHash: string; actor: Actor; now: Date },
): Promise<{ endedSessions: number }> {
  return db.transaction(async (tx) => {
    const user = await lockUser(tx, input.userId);
    await setCredential(tx, user.id, input.passwordHash, input.now);
    const endedSessions = await endSessions(tx, user.id);
    await recordAudit(tx, {
      actor: input.actor,
      action: "user.password_reset",
      details: { email: user.email, endedSessions },
      now: input.now,
    });
    return { endedSessions };
  });
}

/** The user row, locked for the rest of the transaction; a missing user is a not-found error. */
async function lockUser(tx: Database, userId: string): Promise<UserRow> {
  const [user] = await tx.select().from(users).where(eq(users.id, userId)).for("update");
  if (!user) throw notFoundError(`user ${userId} does not exist`);
  return user;
}

/**
 * Gives a user the password sign-in `passwordHash`: the `credential` account better-auth checks
 * (its account id is the user id), created or replaced.
 */
async function setCredential(tx: Database, userId: string, passwordHash: string, now: Date): Promise<void> {
  await tx
    .insert(userAccounts)
    .values({
      id: crypto.randomUUID(),
      userId,
      accountId: userId,
      providerId: "credential",
      password: passwordHash,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoUpdate({
      target: [userAccounts.providerId, userAccounts.accountId],
      set: { password: passwordHash, updatedAt: now },
    });
}

/** Deletes every sign-in session of a user (signs them out of every browser); answers how many. */
async function endSessions(tx: Database, userId: string): Promise<number> {
  return (await tx.delete(userSessions).where(eq(userSessions.userId, userId)).returning()).length;
}
