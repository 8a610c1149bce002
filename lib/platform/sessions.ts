import "server-only";
import type { z } from "zod";
import type { Database } from "@/lib/db/client";
import type { Actor } from "@/lib/db/queries/audit";
import { getAgent, listConnectedApprovedAgents } from "@/lib/db/queries/agents";
import {
  createSessionWithStart,
  queueStopOfEndedSession,
  requestSessionStop,
  type Precondition,
} from "@/lib/db/queries/session-lifecycle";
import { countActiveSessionsByAgent, getSession } from "@/lib/db/queries/sessions";
import { conflictError, invalidError, notFoundError } from "@/lib/errors";
import type { SessionState, TerminationReason } from "@/lib/sessions/state-machine";
import { getInstallationId } from "@/lib/db/queries/installation";
import { deriveAgentConnection } from "./agent-connection";
import { deriveStartPayload, deriveStopPayload } from "./command-payloads";
import { newSessionId } from "./ids";
import { pickAgent } from "./pick-agent";
import type { createSessionBody } from "./schemas";
import type { PlatformSettings } from "./settings";

/**
 * Creates a session on a named agent, or on the connected, approved agent with the fewest active
 * sessions, and queues its start. Refused (409) when no such agent is available.
 */
export async function createSession(
  db: Database,
  input: { body: z.infer<typeof createSessionBody>; settings: PlatformSettings; actor: Actor; now: Date },
) {
  const { body, settings, now } = input;
  const namespace = body.namespace ?? settings.sessionsNamespace;
  if (settings.watchNamespaces && !settings.watchNamespaces.includes(namespace)) {
    // A session where we cannot look would be failed as missing while its pods run unseen.
    throw invalidError(
      "namespace_not_watched",
      `namespace ${namespace} is not one this installation observes (${settings.watchNamespaces.join(", ")}): its objects would be invisible to the reconciler`,
    );
  }
  if (body.cluster && settings.clusterIds && !settings.clusterIds.includes(body.cluster))
    throw invalidError(
      "cluster_not_configured",
      `cluster ${body.cluster} is not one this installation watches (${settings.clusterIds.join(", ")})`,
    );
  const agent = body.agentId
    ? await checkNamedAgent(db, body.agentId, settings, now, body.cluster)
    : await chooseAgent(db, settings, now, body.cluster);
  const agentId = agent.id;
  const sessionId = newSessionId();
  return createSessionWithStart(db, {
    session: {
      id: sessionId,
      userId: body.userId,
      template: body.template,
      namespace,
      agentId,
      cluster: agent.cluster,
    },
    startPayload: {
      ...deriveStartPayload({
        sessionId,
        namespace,
        image: body.template,
        agentId,
        installationId: await getInstallationId(db),
        ...labelSettings(settings),
      }),
    },
    actor: input.actor,
    now,
  });
}

/** Stops a session (→ terminating + a stop command); see requestSessionStop for retries. */
export async function stopSession(
  db: Database,
  input: {
    sessionId: string;
    reason: TerminationReason;
    settings: PlatformSettings;
    actor: Actor;
    now: Date;
    /** Only stop a session in one of these states (the reconciler retries terminating ones only). */
    onlyIn?: SessionState[];
    attempt?: number;
  },
) {
  const session = await getSession(db, input.sessionId);
  if (!session) throw notFoundError(`session ${input.sessionId} does not exist`);
  if (input.onlyIn && !input.onlyIn.includes(session.state)) {
    throw conflictError("state_changed", `session ${input.sessionId} is ${session.state} now`, {
      state: session.state,
    });
  }
  return requestSessionStop(db, {
    sessionId: input.sessionId,
    reason: input.reason,
    stopPayload: {
      ...deriveStopPayload({
        sessionId: session.id,
        namespace: session.namespace,
        ...labelSettings(input.settings),
      }),
    },
    actor: input.actor,
    now: input.now,
    attempt: input.attempt,
  });
}

/**
 * Queues a stop to the agent of an ended session it still reports running (drift
 * `ended-but-running`): the same payload as any stop; the session row is not changed.
 */
export async function stopEndedSession(
  db: Database,
  input: {
    sessionId: string;
    settings: PlatformSettings;
    actor: Actor;
    now: Date;
    attempt: number;
    precondition?: Precondition;
  },
) {
  const session = await getSession(db, input.sessionId);
  if (!session) throw notFoundError(`session ${input.sessionId} does not exist`);
  return queueStopOfEndedSession(db, {
    sessionId: session.id,
    stopPayload: {
      ...deriveStopPayload({
        sessionId: session.id,
        namespace: session.namespace,
        ...labelSettings(input.settings),
      }),
    },
    actor: input.actor,
    now: input.now,
    attempt: input.attempt,
    precondition: input.precondition,
  });
}

function labelSettings(settings: PlatformSettings) {
  return { installation: settings.installation, sessionLabelKey: settings.sessionLabelKey };
}

async function checkNamedAgent(
  db: Database,
  agentId: string,
  settings: PlatformSettings,
  now: Date,
  cluster: string | undefined,
): Promise<{ id: string; cluster: string }> {
  const agent = await getAgent(db, agentId);
  if (!agent) throw notFoundError(`agent ${agentId} does not exist`);
  if (cluster && agent.cluster !== cluster) {
    throw conflictError(
      "agent_in_other_cluster",
      `agent ${agentId} is in cluster ${agent.cluster}, not ${cluster}`,
    );
  }
  if (agent.approvalStatus !== "approved") {
    throw conflictError("agent_not_approved", `agent ${agentId} is ${agent.approvalStatus}, not approved`);
  }
  if (!deriveAgentConnection(agent, now, settings.heartbeatTimeoutSeconds).connected) {
    throw conflictError("agent_not_connected", `agent ${agentId} is not connected`);
  }
  return agent;
}

async function chooseAgent(
  db: Database,
  settings: PlatformSettings,
  now: Date,
  cluster: string | undefined,
): Promise<{ id: string; cluster: string }> {
  const since = new Date(now.getTime() - settings.heartbeatTimeoutSeconds * 1000);
  const candidates = (await listConnectedApprovedAgents(db, since)).filter(
    (a) => !cluster || a.cluster === cluster,
  );
  const chosen = pickAgent(
    candidates,
    await countActiveSessionsByAgent(
      db,
      candidates.map((a) => a.id),
    ),
  );
  if (!chosen)
    throw conflictError(
      "no_agent_available",
      cluster
        ? `no approved agent of cluster ${cluster} is connected; start or approve one`
        : "no approved agent is connected; start or approve one",
    );
  return candidates.find((a) => a.id === chosen)!;
}
