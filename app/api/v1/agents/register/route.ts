/**
 * Agent API, registration (bearer AGENT_BOOTSTRAP_TOKEN).
 *   POST /api/v1/agents/register {agentId, cluster, name?}
 * With CLUSTERS set, `cluster` must be one of its ids (400 otherwise).
 * Answers the agent's credential for this epoch (shown once, stored hashed). Every registration
 * bumps the epoch, so the previous process of the same agent is refused from then on.
 */
import { issueAgentCredential } from "@/lib/auth/tokens";
import { registerAgent } from "@/lib/db/writers/agents";
import { readJsonBody } from "@/lib/http/json-body";
import { withRoute } from "@/lib/auth/guard";
import { getInstallationId } from "@/lib/db/readers/installation";
import { json } from "@/lib/http/route";
import { invalidError } from "@/lib/errors";
import { getPlatformContext } from "@/lib/platform/context";
import { registerAgentBody } from "@/lib/platform/schemas";

export const dynamic = "force-dynamic";

export const POST = withRoute("POST /api/v1/agents/register", async (request: Request) => {
  const { settings } = await getPlatformContext();
  const body = await readJsonBody(request, registerAgentBody);
  if (settings.clusterIds && !settings.clusterIds.includes(body.cluster))
    // With CLUSTERS an agent's cluster says where its sessions' objects are looked for and deleted.
    throw invalidError(
      "cluster_not_configured",
      `cluster ${body.cluster} is not one this installation watches (${settings.clusterIds.join(", ")}): start the agent with --cluster set to one of them, or add it to CLUSTERS`,
    );
  const { agent, token } = await registerAgent({
    id: body.agentId,
    name: body.name ?? body.agentId,
    cluster: body.cluster,
    autoApprove: settings.autoApproveAgents,
    now: new Date(),
    issueCredential: (epoch) => issueAgentCredential(body.agentId, epoch),
  });
  return json(
    {
      agentId: agent.id,
      epoch: agent.epoch,
      approvalStatus: agent.approvalStatus,
      token,
      installation: settings.installation,
      installationId: await getInstallationId(),
      sessionLabelKey: settings.sessionLabelKey,
      heartbeatIntervalSeconds: Math.max(1, Math.floor(settings.heartbeatTimeoutSeconds / 3)),
    },
    201,
  );
});
