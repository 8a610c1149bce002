import "server-only";
import { redirect } from "next/navigation";
import { getEnv } from "@/lib/config/env";
import { DatabaseUnavailableError, MigrationError } from "@/lib/db/errors";
import type { Actor } from "@/lib/db/queries/audit";
import type { AgentRow } from "@/lib/db/schema";
import { recordAudit } from "@/lib/db/writers/audit";
import { ApiError, forbidden, unauthorized } from "@/lib/http/errors";
import { withApiErrors } from "@/lib/http/route";
import { authenticateAgent, requireSecretBearer } from "./request-auth";
import { parseAgentCredential, readBearerToken } from "./tokens";
import { clientAddress } from "./auth";
import { getSignedInUser, getSignedInUserFrom, type SignedInUser } from "./current-user";
import {
  actionAccess,
  leastRoleFor,
  pageAccess,
  roleAllows,
  routeAccess,
  type AccessRule,
  type ActionName,
  type MachineSecret,
  type PagePath,
  type RouteKey,
} from "./policy";
import { countFailedAttempt, secondsUntilAllowed, tooManyAttemptsMessage } from "./rate-limit";

/**
 * The one place that enforces lib/auth/policy.ts: pages call {@link authorizePage}, route
 * handlers are wrapped in {@link withRoute}, server actions go through {@link authorizeAction}
 * (from defineAction). Hiding a button is a courtesy; these are the checks.
 */

/** Who a request was accepted from. */
export type Caller =
  | { kind: "public" }
  | { kind: "user"; user: SignedInUser }
  | { kind: "secret"; variable: MachineSecret }
  | { kind: "agent"; agent: AgentRow };

/** The audit actor of a signed-in user. */
export function userActor(user: SignedInUser): Actor {
  return { type: "user", id: user.email };
}

async function auditDenial(actor: Actor, target: string, details: Record<string, unknown>): Promise<void> {
  try {
    await recordAudit({ actor, action: "auth.denied", details: { target, ...details }, now: new Date() });
  } catch {
    // The denial stands even when it cannot be recorded (the database may be what is down).
  }
}

/**
 * Checks the page rule for `path`: not signed in → the sign-in page (coming back to `returnTo`);
 * signed in without the permission → the no-access page (audited). Answers the user, or null on
 * a public page nobody is signed in to.
 */
export async function authorizePage(path: PagePath, returnTo?: string): Promise<SignedInUser | null> {
  const rule: AccessRule = pageAccess[path];
  if (rule.kind === "public") return getSignedInUser().catch(() => null);
  const user = await getSignedInUser().catch((error: unknown) => {
    // Who is signed in cannot be known while the database is down: say so where people look.
    if (error instanceof DatabaseUnavailableError || error instanceof MigrationError) {
      redirect(`/sign-in?error=unavailable`);
    }
    throw error;
  });
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(returnTo ?? (path.includes("[") ? "/" : path))}`);
  if (rule.kind === "user" && !roleAllows(user.role, rule.permission)) {
    await auditDenial(userActor(user), `page ${path}`, { role: user.role, required: rule.permission });
    redirect(`/no-access?needed=${leastRoleFor(rule.permission)}`);
  }
  return user;
}

/**
 * Authorizes a server action for the signed-in user: throws {@link ApiError} 401/403 (audited)
 * when there is no user or the role lacks the action's permission.
 */
export async function authorizeAction(name: ActionName): Promise<SignedInUser> {
  const rule = actionAccess[name];
  const user = await getSignedInUser();
  // Not audited: action ids are in the public scripts, and anyone could fill the log with these.
  if (!user) throw unauthorized("sign in first");
  if (!roleAllows(user.role, rule.permission)) {
    await auditDenial(userActor(user), `action ${name}`, { role: user.role, required: rule.permission });
    throw forbidden(`${name} requires the ${leastRoleFor(rule.permission)} role; you are ${user.role}`);
  }
  return user;
}

type Handler<C> = (request: Request, context: C) => Promise<Response>;

/**
 * Wraps a route handler: authenticates the request by the rule of `key` before the handler
 * runs, answers 401/403/429 as JSON otherwise, and passes who was accepted.
 */
export function withRoute<C>(
  key: RouteKey,
  handler: (request: Request, context: C, caller: Caller) => Promise<Response>,
): Handler<C> {
  const rule: AccessRule = routeAccess[key];
  return withApiErrors<C>(async (request, context) =>
    handler(request, context, await authenticateRequest(request, rule, key)),
  );
}

async function authenticateRequest(request: Request, rule: AccessRule, key: RouteKey): Promise<Caller> {
  switch (rule.kind) {
    case "public":
      return { kind: "public" };
    case "signed-in":
    case "user":
      return authenticateUser(request, rule, key);
    case "secret":
      return withFailureLimit(request, key, `secret:${rule.variable}`, async () => {
        requireSecretBearer(request, getEnv()[rule.variable], rule.variable);
        return { kind: "secret", variable: rule.variable };
      });
    case "agent":
      return withFailureLimit(request, key, presentedAgent(request), async () => ({
        kind: "agent",
        agent: await authenticateAgent(request),
      }));
    case "user-or-secret":
      if (readBearerToken(request)) {
        return authenticateRequest(request, { kind: "secret", variable: rule.variable }, key);
      }
      return authenticateUser(request, { kind: "user", permission: rule.permission }, key);
    default: {
      const unknown: never = rule;
      throw new Error(`unknown access rule ${JSON.stringify(unknown)}`);
    }
  }
}

async function authenticateUser(
  request: Request,
  rule: Extract<AccessRule, { kind: "signed-in" | "user" }>,
  key: RouteKey,
): Promise<Caller> {
  const user = await getSignedInUserFrom(request.headers);
  if (!user) throw unauthorized("sign in first (or present the bearer token this endpoint accepts)");
  if (rule.kind === "user" && !roleAllows(user.role, rule.permission)) {
    await auditDenial(userActor(user), key, { role: user.role, required: rule.permission });
    throw forbidden(`requires the ${leastRoleFor(rule.permission)} role; you are ${user.role}`);
  }
  return { kind: "user", user };
}

/** The identity a bearer token claims (an agent credential names its agent), to count failures by. */
function presentedAgent(request: Request): string {
  const token = readBearerToken(request);
  const agentId = token ? parseAgentCredential(token)?.agentId : undefined;
  return agentId ? `agent:${agentId}` : "agent:(unnamed)";
}

/**
 * Runs a machine authentication under the failure limits, per address and per presented identity
 * (the agent a credential names, or the secret a route takes). A valid credential always passes —
 * never refused because of others' failures from the same address (one node, one NAT: that would
 * silence every agent behind it, and their sessions would be ended as lost). A failed one gets 429
 * while its address or identity is over the limit, else 401, counted on both and, on a mutating
 * request, audited (never the token itself).
 */
async function withFailureLimit(
  request: Request,
  key: RouteKey,
  identity: string,
  authenticate: () => Promise<Caller>,
) {
  const address = clientAddress(request) ?? "unknown";
  try {
    return await authenticate();
  } catch (error) {
    if (error instanceof ApiError || (error as { kind?: string }).kind === "unauthorized") {
      const status = error instanceof ApiError ? error.status : 401;
      const wait = Math.max(await secondsUntilAllowed(address), await secondsUntilAllowed(identity));
      if (status === 401 && wait > 0) {
        throw new ApiError(429, "rate_limited", tooManyAttemptsMessage(wait), { retryAfterSeconds: wait });
      }
      if (status === 401) {
        await countFailedAttempt(address);
        await countFailedAttempt(identity);
        if (request.method !== "GET") {
          await auditDenial({ type: "anonymous", id: address }, key, { reason: (error as Error).message });
        }
      }
    }
    throw error;
  }
}

/** The agent a request was accepted from (routes whose rule is `agent`). */
export function agentOf(caller: Caller): AgentRow {
  if (caller.kind !== "agent") throw new Error("agentOf: this route's rule is not `agent`");
  return caller.agent;
}
