"use client";

import { useCan } from "@/components/auth/permissions";
import { ActionButton } from "@/components/ui/action-button";
import { revokeAgentAction } from "@/lib/actions/agents/revoke-agent-action";
import { setAgentApprovalAction } from "@/lib/actions/agents/set-agent-approval-action";
import type { AgentApprovalStatus } from "@/lib/db/schema";

/** Approve, reject or revoke an agent: shown to admins only (the actions check the role again). */
export function AgentAdminActions(props: {
  agentId: string;
  approvalStatus: AgentApprovalStatus;
  hasCredential: boolean;
  /** What cutting the agent off does to its sessions (describeAgentCutOff). */
  consequence: string;
}) {
  const canManage = useCan("agents:manage");
  if (!canManage) return null;
  const { agentId } = props;
  return (
    <span className="flex flex-wrap gap-1">
      {props.approvalStatus !== "approved" ? (
        <ActionButton
          label="Approve"
          action={setAgentApprovalAction}
          input={{ agentId, status: "approved" }}
        />
      ) : null}
      {props.approvalStatus !== "rejected" ? (
        <ActionButton
          label="Reject"
          action={setAgentApprovalAction}
          input={{ agentId, status: "rejected" }}
          confirm={`Reject agent ${agentId}? It is refused from its next request and cannot register again until approved. ${props.consequence}`}
        />
      ) : null}
      {props.hasCredential ? (
        <ActionButton
          label="Revoke credential"
          action={revokeAgentAction}
          input={{ agentId }}
          confirm={`Revoke the credential of ${agentId}? Its next request is refused; it must register again and be approved. ${props.consequence}`}
        />
      ) : null}
    </span>
  );
}
