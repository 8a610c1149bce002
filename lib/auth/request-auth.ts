import "server-only";
import { parseAgentCredential, readBearerToken, secretMatchesHash, secretsMatch } from "./tokens";
import { getAgent } from "@/lib/db/readers/agents";
import type { AgentRow } from "@/lib/db/schema";
import { conflictError, forbiddenError } from "@/lib/errors";
import { unauthorized, unavailable } from "@/lib/http/errors";

/**
 * Checks a static bearer secret from the configuration. An unset secret disables the endpoint
 * (503, fail closed); a missing or wrong token is a 401.
 */
export function requireSecretBearer(request: Request, expected: string | undefined, variable: string): void {
  if (!expected) throw unavailable(`${variable} is not set; this endpoint is disabled until it is`);
  if (!secretsMatch(readBearerToken(request), expected)) {
    throw unauthorized(`a valid bearer token is required (${variable})`);
  }
}

/**
 * Authenticates an agent by its credential (`sra.<id>.<epoch>.<secret>`). A credential of an older
 * epoch is refused as stale (409: this agent was replaced) before its secret is even looked at; an
 * unknown agent, a wrong secret or a revoked credential is a 401; a rejected agent a 403.
 */
export async function authenticateAgent(request: Request): Promise<AgentRow> {
  const credential = parseAgentCredential(readBearerToken(request));
  if (!credential) throw unauthorized("an agent credential is required (Authorization: Bearer sra.…)");
  const agent = await getAgent(credential.agentId);
  if (!agent) throw unauthorized("unknown agent credential");
  if (credential.epoch < agent.epoch) {
    throw conflictError(
      "stale_epoch",
      `agent ${agent.id} epoch ${credential.epoch} is stale (current epoch ${agent.epoch}): this process was replaced; register again`,
      { currentEpoch: agent.epoch },
    );
  }
  if (credential.epoch !== agent.epoch || !secretMatchesHash(credential.secret, agent.credentialHash)) {
    throw unauthorized("unknown or revoked agent credential");
  }
  if (agent.approvalStatus === "rejected") throw forbiddenError(`agent ${agent.id} is rejected`);
  return agent;
}
