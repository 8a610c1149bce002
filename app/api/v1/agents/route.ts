/**
 * Platform API, agents (bearer PLATFORM_API_TOKEN).
 *   GET /api/v1/agents   every agent with its approval, epoch and derived connection
 */
import { listAgents } from "@/lib/db/queries/agents";
import { json, withApiErrors } from "@/lib/http/route";
import { deriveAgentConnection } from "@/lib/platform/agent-connection";
import { getPlatformContext } from "@/lib/platform/context";
import { requireSecretBearer } from "@/lib/platform/request-auth";

export const dynamic = "force-dynamic";

export const GET = withApiErrors(async (request: Request) => {
  const { db, env, settings } = await getPlatformContext();
  requireSecretBearer(request, env.PLATFORM_API_TOKEN, "PLATFORM_API_TOKEN");
  const now = new Date();
  const agents = (await listAgents(db)).map(({ credentialHash: _secret, ...agent }) => ({
    ...agent,
    connection: deriveAgentConnection(agent, now, settings.heartbeatTimeoutSeconds),
  }));
  return json({ agents });
});
