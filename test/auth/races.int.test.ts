import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createUserWithPassword } from "@/lib/auth/users";
import { getAgent, recordHeartbeat, revokeAgentCredential } from "@/lib/db/queries/agents";
import { dispatchPendingCommands } from "@/lib/db/queries/commands";
import { setUserRole } from "@/lib/db/queries/users";
import { agentCommands, users } from "@/lib/db/schema";
import { bootstrapToken, platformToken, sharedPlatform } from "@/test/support/platform";

// Two races the authorization layer must win, on the real PostgreSQL: two admins demoting each
// other at the same moment, and a revocation landing while the agent's request is in flight.
describe("authorization races", () => {
  const platform = sharedPlatform();

  it("never lets two concurrent demotions remove the last admin", async () => {
    const db = platform.handle.db;
    const actor = { type: "system" as const, id: "test" };
    const make = (email: string) =>
      createUserWithPassword(db, {
        email,
        role: "admin",
        password: "race-password-0123",
        actor,
        now: new Date(),
      });
    // The bootstrap admin steps down first, so exactly two admins remain.
    const [a, b] = [await make("race-a@example.com"), await make("race-b@example.com")];
    const [bootstrap] = await db.select().from(users).where(eq(users.email, "admin@example.com"));
    await setUserRole(db, {
      userId: bootstrap!.id,
      expectedRole: "admin",
      role: "viewer",
      actor,
      now: new Date(),
    });

    const results = await Promise.allSettled(
      [a, b].map((user) =>
        setUserRole(db, { userId: user.id, expectedRole: "admin", role: "viewer", actor, now: new Date() }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(String(refused.reason.message)).toMatch(/is the last admin/);
    expect(await db.select({ email: users.email }).from(users).where(eq(users.role, "admin"))).toHaveLength(
      1,
    );
  });

  it("gives a request authenticated before a revocation nothing after it: no command, no heartbeat", async () => {
    const db = platform.handle.db;
    const registered = await platform.api("POST", "/api/v1/agents/register", {
      token: bootstrapToken,
      body: { agentId: "agent-race", cluster: "it" },
    });
    await platform.api("POST", "/api/v1/agents/heartbeat", {
      token: registered.body.token as string,
      body: { inventory: [], waitSeconds: 0 },
    });
    const created = await platform.api("POST", "/api/v1/sessions", {
      token: platformToken,
      body: { userId: "u", template: "img:1", agentId: "agent-race" },
    });
    expect(created.status).toBe(201);

    // The request authenticated with this row; then an admin revokes the agent.
    const authenticatedAs = (await getAgent(db, "agent-race"))!;
    await revokeAgentCredential(db, {
      agentId: "agent-race",
      actor: { type: "system", id: "test" },
      now: new Date(),
    });

    expect(await dispatchPendingCommands(db, { agent: authenticatedAs, now: new Date(), limit: 10 })).toEqual(
      [],
    );
    const commands = await db.select().from(agentCommands).where(eq(agentCommands.agentId, "agent-race"));
    expect(commands.map((c) => c.status)).toEqual(["pending"]);
    await expect(
      recordHeartbeat(db, {
        agent: authenticatedAs,
        inventory: [],
        now: new Date(),
        heartbeatTimeoutSeconds: 30,
      }),
    ).rejects.toThrow(/unknown or revoked agent credential/);
  });
});
