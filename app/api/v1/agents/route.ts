/**
 * Platform API, agents (bearer PLATFORM_API_TOKEN).
 *   GET /api/v1/agents   every agent with its approval, epoch and derived connection
 */
import { listAgents } from "@/lib/db/readers/agents";
import { withRoute } from "@/lib/auth/guard";
import { json } from "@/lib/http/route";
import { deriveAgentConnection } from "@/lib/platform/agent-connection";
import { getPlatformContext } from "@/lib/platform/context";

export const dynamic = "force-dynamic";

export const GET = withRoute("GET /api/v1/agents", async () => {
  const { settings } = await getPlatformContext();
  const now = new Date();
  const agents = (await listAgents()).map(({ credentialHash: _secret, ...agent }) => ({
    ...agent,
    connection: deriveAgentConnection(agent, now, settings.heartbeatTimeoutSeconds),
  }));
  return json({ agents });
});
