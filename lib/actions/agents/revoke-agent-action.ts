"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { revokeAgentCredential } from "@/lib/db/writers/agents";
import { invalidateSessionRows } from "@/lib/dashboard/get-sessions-view";
import { dnsLabel } from "@/lib/platform/schemas";

/**
 * Revoke an agent's credential (admins): its next request is refused, and it needs a new
 * registration and approval to work again. Audited as `agent.credential_revoked`.
 */
export const revokeAgentAction = defineAction(
  "agents/revoke-agent",
  z.object({ agentId: dnsLabel }).strict(),
  async ({ agentId }, { actor }) => {
    const agent = await revokeAgentCredential({ agentId, actor, now: new Date() });
    invalidateSessionRows();
    return { agentId: agent.id, approvalStatus: agent.approvalStatus };
  },
);
