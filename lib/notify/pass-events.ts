import type { DriftAgent } from "@/lib/drift/classify";
import type { NotifyEvent } from "./events";

/** Drift that means "stuck past its threshold": the session's, or its pods' deletion. */
const stuckClasses = new Set(["stuck-terminating", "pods-stuck-terminating"]);

/** What a reconcile pass saw and decided, as far as notifications need it. */
export interface PassOutcome {
  runId: number;
  trigger: string;
  status: string;
  /** Why the run was blocked / what failed. */
  reason?: string;
  now: Date;
  sessions: readonly { id: string; state: string; stateChangedAt: Date; agentId: string }[];
  /** The plan's actions and attention items (driftClass + sessionId, and a sentence when known). */
  findings: readonly { sessionId: string; driftClass: string; sentence?: string; reason?: string }[];
  agents: ReadonlyMap<string, DriftAgent>;
}

/**
 * The events one pass raises: `session.stuck` for each session with stuck-terminating drift (the
 * dedupe key makes it once per episode), `run.blocked` / `run.failed` from the run's status, and
 * `agents.all_silent` when every approved agent we have heard from is disconnected — the pass ran,
 * so the control plane itself is alive. Pure: the caller enqueues them.
 */
export function derivePassEvents(pass: PassOutcome): NotifyEvent[] {
  const occurredAt = pass.now.toISOString();
  const events: NotifyEvent[] = [];
  const byId = new Map(pass.sessions.map((s) => [s.id, s]));
  const stuck = new Set<string>();
  for (const finding of pass.findings) {
    if (!stuckClasses.has(finding.driftClass) || stuck.has(finding.sessionId)) continue;
    const session = byId.get(finding.sessionId);
    if (!session) continue;
    stuck.add(session.id);
    events.push({
      type: "session.stuck",
      occurredAt,
      sessionId: session.id,
      agentId: session.agentId,
      state: session.state,
      stateChangedAt: session.stateChangedAt.toISOString(),
      driftClass: finding.driftClass,
      sentence: finding.sentence ?? finding.reason ?? "stuck past its threshold",
    });
  }
  if (pass.status === "blocked")
    events.push({
      type: "run.blocked",
      occurredAt,
      runId: pass.runId,
      trigger: pass.trigger,
      reason: pass.reason ?? "blocked",
    });
  if (pass.status === "failed")
    events.push({
      type: "run.failed",
      occurredAt,
      runId: pass.runId,
      trigger: pass.trigger,
      error: pass.reason ?? "failed",
    });
  const silent = deriveAllSilent(pass.agents);
  if (silent) events.push({ type: "agents.all_silent", occurredAt, ...silent });
  return events;
}

/**
 * Every approved agent that was ever heard is silent: how many, and since when the last of them
 * fell silent (the episode: it stays the same until one of them comes back). None approved: no event.
 */
export function deriveAllSilent(
  agents: ReadonlyMap<string, DriftAgent>,
): { agentCount: number; silentSince: string } | undefined {
  const approved = [...agents.values()].filter((a) => a.approvalStatus === "approved" && a.connection.since);
  if (approved.length === 0 || approved.some((a) => a.connection.connected)) return undefined;
  const last = Math.max(...approved.map((a) => a.connection.since!.getTime()));
  return { agentCount: approved.length, silentSince: new Date(last).toISOString() };
}
