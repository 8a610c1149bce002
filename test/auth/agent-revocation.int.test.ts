import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents } from "@/lib/db/schema";
import { bootstrapToken, sharedPlatform } from "@/test/support/platform";
import { callServerAction, readBuiltActions } from "@/test/support/server-actions";
import { signInAs } from "@/test/support/users";

// An admin revokes an agent from the dashboard: the agent's very next request is refused; it
// can register again with the bootstrap token, but gets no work until an admin approves it.
describe("revoking an agent", () => {
  const platform = sharedPlatform();

  it("cuts the agent off at its next request and sends it back to approval", async () => {
    const register = () =>
      platform.api("POST", "/api/v1/agents/register", {
        token: bootstrapToken,
        body: { agentId: "agent-r", cluster: "it" },
      });
    const heartbeat = (token: string) =>
      platform.api("POST", "/api/v1/agents/heartbeat", { token, body: { inventory: [], waitSeconds: 0 } });
    const first = await register();
    const token = first.body.token as string;
    expect(first.body.approvalStatus).toBe("approved"); // auto-approval in the test platform
    expect((await heartbeat(token)).status).toBe(200);

    const adminEmail = "revoker@example.com";
    const admin = await signInAs(platform.handle.db, platform.app.url, "admin", adminEmail);
    const { text } = await callServerAction(
      platform.app.url,
      readBuiltActions().get("agents/revoke-agent")!,
      { agentId: "agent-r" },
      { cookie: admin },
    );
    expect(text).toContain('"ok":true');

    const refused = await heartbeat(token);
    expect(refused.status).toBe(401);
    expect(refused.body.error?.message).toMatch(/unknown or revoked agent credential/);

    const again = await register();
    expect(again.status).toBe(201);
    expect(again.body.approvalStatus).toBe("pending");
    const pending = await heartbeat(again.body.token as string);
    expect(pending.status).toBe(200);
    expect(pending.body).toMatchObject({ approvalStatus: "pending", commands: [] });

    const audit = await platform.handle.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "agent.credential_revoked"), eq(auditEvents.agentId, "agent-r")));
    expect(audit).toMatchObject([{ actorType: "user", actorId: adminEmail }]);
  });
});
