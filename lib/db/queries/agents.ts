import { and, asc, eq, gt, inArray, isNotNull, isNull, lt, notInArray, or, sql, type SQL } from "drizzle-orm";
import { forbiddenError, notFoundError, unauthorizedError } from "@/lib/errors";
import { deriveInventoryComparison } from "@/lib/sessions/inventory-comparison";
import { finalStates } from "@/lib/sessions/state-machine";
import type { Database } from "../client";
import { agents, sessions, type AgentApprovalStatus, type AgentRow } from "../schema";
import { recordAudit, type Actor } from "./audit";

/** One agent, or undefined. */
export async function getAgent(db: Database, id: string): Promise<AgentRow | undefined> {
  const [row] = await db.select().from(agents).where(eq(agents.id, id)).limit(1);
  return row;
}

/**
 * What a long poll checks every half second (epoch, credential, approval), without the rest of the
 * row: the inventory is thousands of ids, read and sent for nothing 20 times per poll otherwise.
 */
export async function getAgentHold(
  db: Database,
  id: string,
): Promise<Pick<AgentRow, "epoch" | "credentialHash" | "approvalStatus"> | undefined> {
  const [row] = await db
    .select({
      epoch: agents.epoch,
      credentialHash: agents.credentialHash,
      approvalStatus: agents.approvalStatus,
    })
    .from(agents)
    .where(eq(agents.id, id))
    .limit(1);
  return row;
}

/** Every agent, by id. */
export async function listAgents(db: Database): Promise<AgentRow[]> {
  return db.select().from(agents).orderBy(asc(agents.id));
}

/** Approved agents whose last heartbeat is newer than `since`: those that may take new sessions. */
export async function listConnectedApprovedAgents(db: Database, since: Date): Promise<AgentRow[]> {
  return db
    .select()
    .from(agents)
    .where(
      and(
        eq(agents.approvalStatus, "approved"),
        gt(agents.lastHeartbeatAt, since),
        isNotNull(agents.credentialHash),
      ),
    )
    .orderBy(asc(agents.id));
}

/**
 * Registers an agent, or re-registers it: the epoch goes up by one and a new credential replaces
 * the old, so the process that held the old one (a replaced pod) is refused from now on. A new
 * agent starts `pending`, or `approved` under auto-approval; a known one keeps its approval.
 * A rejected agent stays rejected and gets no credential. What a credential is, is the caller's
 * (`issueCredential`, given the new epoch); only its hash is stored.
 */
export async function registerAgent(
  db: Database,
  input: {
    id: string;
    name: string;
    cluster: string;
    autoApprove: boolean;
    now: Date;
    issueCredential: (epoch: number) => { token: string; secretHash: string };
  },
): Promise<{ agent: AgentRow; token: string }> {
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(agents).where(eq(agents.id, input.id)).for("update").limit(1);
    if (existing?.approvalStatus === "rejected") {
      throw forbiddenError(`agent ${input.id} is rejected; an admin must approve it before it can register`);
    }
    const epoch = (existing?.epoch ?? 0) + 1;
    const { token, secretHash } = input.issueCredential(epoch);
    const values = {
      name: input.name,
      cluster: input.cluster,
      epoch,
      credentialHash: secretHash,
      registeredAt: input.now,
      updatedAt: input.now,
    };
    const [agent] = existing
      ? await tx.update(agents).set(values).where(eq(agents.id, input.id)).returning()
      : await tx
          .insert(agents)
          .values({ id: input.id, ...values, approvalStatus: input.autoApprove ? "approved" : "pending" })
          .returning();
    await recordAudit(tx, {
      actor: { type: "agent", id: input.id },
      action: existing ? "agent.reregistered" : "agent.registered",
      agentId: input.id,
      now: input.now,
      details: { epoch, cluster: input.cluster, approvalStatus: agent!.approvalStatus },
    });
    return { agent: agent!, token };
  });
}

/**
 * Matches the agent row only while `agent` still holds it: same epoch and the same credential.
 * Writes made for an authenticated request carry it, so a revocation or a re-registration that
 * lands while the request is in flight (a slow body, a long poll) makes them write nothing.
 */
function stillHeldBy(agent: Pick<AgentRow, "id" | "epoch" | "credentialHash">): SQL {
  return and(
    eq(agents.id, agent.id),
    eq(agents.epoch, agent.epoch),
    agent.credentialHash ? eq(agents.credentialHash, agent.credentialHash) : sql`false`,
  )!;
}

/**
 * Records a heartbeat and the agent's inventory. A heartbeat after a silence longer than the
 * timeout (or the first one) opens a new connection: `agent.connected` is audited, preceded by
 * `agent.disconnected` when no sweep had recorded the end of the previous one.
 */
const sameIds = (stored: unknown, reported: readonly string[]) => {
  if (!Array.isArray(stored) || stored.length !== reported.length) return false;
  const a = [...(stored as string[])].sort();
  const b = [...reported].sort();
  return a.every((id, i) => id === b[i]);
};

export async function recordHeartbeat(
  db: Database,
  input: { agent: AgentRow; inventory: string[]; now: Date; heartbeatTimeoutSeconds: number },
): Promise<void> {
  const { agent, now } = input;
  const timeoutMs = input.heartbeatTimeoutSeconds * 1000;
  const silentTooLong = !agent.lastHeartbeatAt || now.getTime() - agent.lastHeartbeatAt.getTime() > timeoutMs;
  const opensConnection = silentTooLong || agent.disconnectedAt !== null || agent.connectedAt === null;
  // The inventory (thousands of ids) is written only when it changed: an idle fleet's heartbeats
  // then write timestamps, not the same list again and again.
  const sameInventory = sameIds(agent.inventory, input.inventory);
  await db.transaction(async (tx) => {
    const held = await tx
      .update(agents)
      .set({
        lastHeartbeatAt: now,
        ...(sameInventory ? {} : { inventory: input.inventory }),
        inventoryReportedAt: now,
        updatedAt: now,
        ...(opensConnection ? { connectedAt: now, disconnectedAt: null } : {}),
      })
      .where(stillHeldBy(agent))
      .returning({ id: agents.id });
    if (held.length === 0) throw unauthorizedError("unknown or revoked agent credential");
    if (!opensConnection) return;
    const actor: Actor = { type: "agent", id: agent.id };
    if (agent.connectedAt && !agent.disconnectedAt && agent.lastHeartbeatAt) {
      await recordAudit(tx, {
        actor: { type: "system", id: "heartbeat" },
        action: "agent.disconnected",
        agentId: agent.id,
        now,
        details: { lastHeartbeatAt: agent.lastHeartbeatAt.toISOString(), detectedAt: now.toISOString() },
      });
    }
    await recordAudit(tx, {
      actor,
      action: "agent.connected",
      agentId: agent.id,
      now,
      details: { epoch: agent.epoch },
    });
    // Back after a silence (not its very first heartbeat): what it reports is compared with our
    // rows at once, so the drift its absence may have hidden is on record with the connection.
    if (agent.lastHeartbeatAt)
      await recordInventoryComparison(tx, { agent, inventory: input.inventory, now });
  });
}

/**
 * Compares an agent's inventory with the database (its sessions not yet ended, and every row it
 * names) and records `agent.inventory_compared` with the counts. The cluster is not read here:
 * `missing` counts running sessions the agent did not report; the reconciler's pass decides with
 * the cluster's view (missing-resources) and acts on ended-but-running. Unknown ids are counted
 * only: nothing says they are ours.
 */
async function recordInventoryComparison(
  tx: Database,
  input: { agent: AgentRow; inventory: readonly string[]; now: Date },
): Promise<void> {
  const { agent, inventory, now } = input;
  const named = [...new Set(inventory)].slice(0, 10_000);
  const rows = await tx
    .select({ id: sessions.id, state: sessions.state, agentId: sessions.agentId })
    .from(sessions)
    .where(
      or(
        and(eq(sessions.agentId, agent.id), notInArray(sessions.state, [...finalStates])),
        named.length > 0 ? inArray(sessions.id, named) : sql`false`,
      ),
    );
  const comparison = deriveInventoryComparison({ agentId: agent.id, reported: inventory, rows });
  await recordAudit(tx, {
    actor: { type: "system", id: "heartbeat" },
    action: "agent.inventory_compared",
    agentId: agent.id,
    now,
    details: {
      ...comparison,
      silentSince: agent.lastHeartbeatAt?.toISOString(),
      clusterChecked: false,
    },
  });
}

/** Keeps the heartbeat fresh at the end of a long poll, without touching the inventory. */
export async function touchHeartbeat(
  db: Database,
  agent: Pick<AgentRow, "id" | "epoch" | "credentialHash">,
  now: Date,
): Promise<void> {
  await db.update(agents).set({ lastHeartbeatAt: now, updatedAt: now }).where(stillHeldBy(agent));
}

/** The condition "`agent` still holds its row and is approved", for writes in other tables. */
export function stillApprovedAndHeldBy(agent: Pick<AgentRow, "id" | "epoch" | "credentialHash">): SQL {
  return and(stillHeldBy(agent), eq(agents.approvalStatus, "approved"))!;
}

/**
 * Records the end of every connection whose last heartbeat is older than the timeout, with an
 * `agent.disconnected` audit event each. Returns the ids of the agents it marked.
 */
export async function recordAgentDisconnects(
  db: Database,
  input: { now: Date; heartbeatTimeoutSeconds: number; actor: Actor },
): Promise<string[]> {
  const cutoff = new Date(input.now.getTime() - input.heartbeatTimeoutSeconds * 1000);
  return db.transaction(async (tx) => {
    const marked = await tx
      .update(agents)
      .set({
        disconnectedAt: sql`${agents.lastHeartbeatAt} + make_interval(secs => ${input.heartbeatTimeoutSeconds})`,
        updatedAt: input.now,
      })
      .where(
        and(isNull(agents.disconnectedAt), isNotNull(agents.connectedAt), lt(agents.lastHeartbeatAt, cutoff)),
      )
      .returning();
    for (const agent of marked) {
      await recordAudit(tx, {
        actor: input.actor,
        action: "agent.disconnected",
        agentId: agent.id,
        now: input.now,
        details: { lastHeartbeatAt: agent.lastHeartbeatAt?.toISOString(), epoch: agent.epoch },
      });
    }
    return marked.map((a) => a.id);
  });
}

/**
 * The agent row, share-locked for the rest of the transaction: a heartbeat (which updates the row)
 * waits until the transaction ends, so what it says holds while the transaction writes.
 */
export async function readAgentLocked(tx: Database, agentId: string): Promise<AgentRow | undefined> {
  const [agent] = await tx.select().from(agents).where(eq(agents.id, agentId)).for("share").limit(1);
  return agent;
}

/** The agent row, locked for the rest of the transaction; a missing agent is a not-found error. */
async function lockAgent(tx: Database, agentId: string): Promise<AgentRow> {
  const [agent] = await tx.select().from(agents).where(eq(agents.id, agentId)).for("update").limit(1);
  if (!agent) throw notFoundError(`agent ${agentId} does not exist`);
  return agent;
}

/** Sets an agent's approval (audited with the deciding actor). */
export async function setAgentApproval(
  db: Database,
  input: { agentId: string; status: AgentApprovalStatus; actor: Actor; now: Date },
): Promise<AgentRow> {
  return db.transaction(async (tx) => {
    const current = await lockAgent(tx, input.agentId);
    if (current.approvalStatus === input.status) return current;
    const [updated] = await tx
      .update(agents)
      .set({ approvalStatus: input.status, updatedAt: input.now })
      .where(eq(agents.id, input.agentId))
      .returning();
    await recordAudit(tx, {
      actor: input.actor,
      action: `agent.${input.status}`,
      agentId: input.agentId,
      now: input.now,
      details: { from: current.approvalStatus, to: input.status },
    });
    return updated!;
  });
}

/**
 * Revokes an agent's credential: its next request is refused (401), whatever it holds. The
 * agent goes back to `pending`, so registering again (with the bootstrap token) gives it a new
 * credential but no work until an admin approves it again. Rejected agents stay rejected.
 */
export async function revokeAgentCredential(
  db: Database,
  input: { agentId: string; actor: Actor; now: Date },
): Promise<AgentRow> {
  return db.transaction(async (tx) => {
    const current = await lockAgent(tx, input.agentId);
    const [updated] = await tx
      .update(agents)
      .set({
        credentialHash: null,
        approvalStatus: current.approvalStatus === "rejected" ? "rejected" : "pending",
        updatedAt: input.now,
      })
      .where(eq(agents.id, input.agentId))
      .returning();
    await recordAudit(tx, {
      actor: input.actor,
      action: "agent.credential_revoked",
      agentId: input.agentId,
      now: input.now,
      details: {
        epoch: current.epoch,
        approvalBefore: current.approvalStatus,
        approval: updated!.approvalStatus,
      },
    });
    return updated!;
  });
}
