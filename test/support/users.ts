import { createUserWithPassword } from "@/lib/auth/users";
import type { UserRole } from "@/lib/auth/roles";
import type { Database } from "@/lib/db/client";
import { signIn } from "./auth";

/**
 * Adds a password user of `role` to the app's database (as an admin would) and signs them in;
 * answers their cookie. Vitest only (it writes through lib/db).
 */
export async function signInAs(
  db: Database,
  appUrl: string,
  role: UserRole,
  email = `${role}-${Math.random().toString(36).slice(2, 8)}@example.com`,
): Promise<string> {
  const password = `password-of-${email}`;
  await createUserWithPassword(db, {
    email,
    role,
    password,
    actor: { type: "system", id: "test" },
    now: new Date(),
  });
  return signIn(appUrl, email, password);
}
