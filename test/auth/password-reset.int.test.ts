import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, users } from "@/lib/db/schema";
import { signIn } from "@/test/support/auth";
import { sharedPlatform } from "@/test/support/platform";
import { callServerAction, readBuiltActions } from "@/test/support/server-actions";
import { signInAs } from "@/test/support/users";

// An admin resets a person's password (someone locked out, or a password that leaked): the old
// password and every old sign-in stop working, the new password works, and it is audited
// without the password.
describe("password reset by an admin", () => {
  const platform = sharedPlatform();

  it("replaces the password and signs the person out everywhere", async () => {
    const email = "locked-out@example.com";
    const oldCookie = await signInAs(platform.handle.db, platform.app.url, "operator", email);
    const status = async (cookie: string) =>
      (await fetch(`${platform.app.url}/api/status`, { headers: { cookie } })).status;
    expect(await status(oldCookie)).toBe(200);
    const [user] = await platform.handle.db.select().from(users).where(eq(users.email, email));

    const admin = await signInAs(platform.handle.db, platform.app.url, "admin");
    const newPassword = "the-new-password-0123";
    const { text } = await callServerAction(
      platform.app.url,
      readBuiltActions().get("users/reset-password")!,
      { userId: user!.id, password: newPassword },
      { cookie: admin },
    );
    expect(text).toContain('"ok":true,"data":{"endedSessions":1}');

    expect(await status(oldCookie)).toBe(401);
    await expect(signIn(platform.app.url, email, `password-of-${email}`)).rejects.toThrow(/401/);
    expect(await status(await signIn(platform.app.url, email, newPassword))).toBe(200);

    const audit = await platform.handle.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "user.password_reset")));
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(newPassword);
  });
});
