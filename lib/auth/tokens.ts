import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** SHA-256 of a secret, hex: what we store instead of the secret. */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/**
 * Compares a presented secret with the expected one in constant time (both are hashed first, so
 * their lengths never leak either). An unset expected secret never matches: fail closed.
 */
export function secretsMatch(presented: string | undefined, expected: string | undefined): boolean {
  if (!presented || !expected) return false;
  return timingSafeEqual(
    createHash("sha256").update(presented).digest(),
    createHash("sha256").update(expected).digest(),
  );
}

/** Compares a presented secret with a stored SHA-256 hex digest in constant time. */
export function secretMatchesHash(presented: string, storedHash: string | null): boolean {
  if (!storedHash || !/^[0-9a-f]{64}$/.test(storedHash)) return false;
  return timingSafeEqual(Buffer.from(hashSecret(presented), "hex"), Buffer.from(storedHash, "hex"));
}

/** The bearer token of a request, or undefined. */
export function readBearerToken(request: Request): string | undefined {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/**
 * An agent credential names its agent and epoch so that a replaced agent's requests are told
 * "stale epoch" rather than merely "unauthorized": `sra.<agentId>.<epoch>.<secret>`.
 */
export interface AgentCredential {
  agentId: string;
  epoch: number;
  secret: string;
}

/** An issued agent credential: the token the agent is given once, and what we store of it. */
export interface IssuedAgentCredential {
  token: string;
  secretHash: string;
}

/** The credential of `agentId` at `epoch` with `secret`: the token, and `hashSecret(secret)` to store. */
export function deriveAgentCredential(agentId: string, epoch: number, secret: string): IssuedAgentCredential {
  return { token: `sra.${agentId}.${epoch}.${secret}`, secretHash: hashSecret(secret) };
}

/** Issues a new credential for `agentId` at `epoch`, with a random secret; only its hash is stored. */
export function issueAgentCredential(agentId: string, epoch: number): IssuedAgentCredential {
  return deriveAgentCredential(agentId, epoch, randomBytes(32).toString("base64url"));
}

/** Parses an agent credential, or returns undefined when it is not one. */
export function parseAgentCredential(token: string | undefined): AgentCredential | undefined {
  const match =
    token &&
    /^sra\.([a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?)\.([1-9][0-9]{0,9})\.([A-Za-z0-9_-]{20,})$/.exec(token);
  if (!match) return undefined;
  return { agentId: match[1]!, epoch: Number(match[2]), secret: match[3]! };
}
