"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { setAgentApproval } from "@/lib/db/writers/agents";
import { agentApprovalStatuses } from "@/lib/db/schema";
import { invalidateSessionRows } from "@/lib/dashboard/get-sessions-view";
import { dnsLabel } from "@/lib/platform/schemas";

/** Approve, reject or set back to pending an agent (admins). Audited as `agent.<status>`. */
export const setAgentApprovalAction = defineAction(
  "agents/set-agent-approval",
  z.object({ agentId: dnsLabel, status: z.enum(agentApprovalStatuses) }).strict(),
  async ({ agentId, status }, { actor }) => {
    const agent = await setAgentApproval({ agentId, status, actor, now: new Date() });
    invalidateSessionRows();
    return { agentId: agent.id, approvalStatus: agent.approvalStatus };
  },
);
