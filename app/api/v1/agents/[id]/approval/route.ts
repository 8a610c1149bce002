/**
 * Platform API, approve or reject an agent (bearer PLATFORM_API_TOKEN; admins use the buttons on /agents).
 *   POST /api/v1/agents/{id}/approval {status: approved|rejected|pending}
 */
import { setAgentApproval } from "@/lib/db/writers/agents";
import { notFoundError } from "@/lib/errors";
import { readJsonBody } from "@/lib/http/json-body";
import { withRoute } from "@/lib/auth/guard";
import { json } from "@/lib/http/route";
import { agentApprovalBody, dnsLabel } from "@/lib/platform/schemas";

export const dynamic = "force-dynamic";

export const POST = withRoute(
  "POST /api/v1/agents/[id]/approval",
  async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
    const { id } = await params;
    if (!dnsLabel.safeParse(id).success) throw notFoundError(`agent ${id} does not exist`);
    const body = await readJsonBody(request, agentApprovalBody);
    const { credentialHash: _secret, ...agent } = await setAgentApproval({
      agentId: id,
      status: body.status,
      actor: { type: "platform", id: "platform-api" },
      now: new Date(),
    });
    return json({ agent });
  },
);
