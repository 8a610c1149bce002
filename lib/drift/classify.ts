import { formatDuration, secondsBetween } from "@/lib/format/duration";
import type { DeploymentHealth, PodHealth, ServiceHealth } from "@/lib/health";
import type { ObservedKind } from "@/lib/k8s/model/snapshot";
import type { SessionState } from "@/lib/sessions/state-machine";
import type { DriftFinding, DriftResult, DriftThresholds } from "./types";

/** A session as the classifier needs it. */
export interface DriftSession {
  id: string;
  state: SessionState;
  stateChangedAt: Date;
  agentId: string;
}

/** A session's agent as the classifier needs it (connection derived from heartbeat age). */
export interface DriftAgent {
  id: string;
  approvalStatus: "pending" | "approved" | "rejected";
  /** The cluster the agent registered for (agents of one cluster fall silent together). */
  cluster?: string;
  connection: { connected: boolean; since: Date | null };
  /**
   * The session ids the agent last reported holding, when that report is evidence: the agent is
   * connected and reported it recently (see deriveDriftAgents). Absent: no fresh inventory, and
   * nothing is claimed from it.
   */
  inventory?: { sessionIds: ReadonlySet<string>; reportedAt: Date };
}

/** The health of a session's live objects; `undefined` for a kind that could not be observed. */
export interface ObservedHealth {
  deployments: readonly DeploymentHealth[] | undefined;
  services: readonly ServiceHealth[] | undefined;
  pods: readonly PodHealth[] | undefined;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** "Deployment s-1, Service s-1 and 2 pods (1 Running, 1 Terminating)". */
export function describeObjects(observed: ObservedHealth): string {
  const parts: string[] = [];
  for (const d of observed.deployments ?? []) parts.push(`Deployment ${d.name}`);
  for (const s of observed.services ?? []) parts.push(`Service ${s.name}`);
  const pods = observed.pods ?? [];
  if (pods.length > 0) {
    const byStatus = new Map<string, number>();
    for (const p of pods) byStatus.set(p.status, (byStatus.get(p.status) ?? 0) + 1);
    const detail = [...byStatus].map(([status, n]) => `${n} ${status}`).join(", ");
    parts.push(`${plural(pods.length, "pod")} (${detail})`);
  }
  if (parts.length === 0) return "no objects";
  return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
}

/** "1 pod still Running" / "no pods left" / "pods unknown". */
function describeLivePods(pods: readonly PodHealth[] | undefined): string {
  if (pods === undefined) return "pods unknown";
  const live = pods.filter((p) => !p.terminating);
  if (live.length === 0) return pods.length ? `${plural(pods.length, "pod")} terminating` : "no pods left";
  const running = live.filter((p) => p.status === "Running").length;
  return running === live.length
    ? `${plural(running, "pod")} still Running`
    : `${plural(live.length, "pod")} still present`;
}

function describeAgent(agent: DriftAgent | undefined, agentId: string, now: Date): string {
  if (!agent) return `agent ${agentId} is unknown`;
  if (agent.connection.connected) return `agent ${agent.id} connected`;
  if (!agent.connection.since) return `agent ${agent.id} never connected`;
  return `agent ${agent.id} disconnected ${formatDuration(secondsBetween(agent.connection.since, now))} ago`;
}

function unknownKinds(observed: ObservedHealth): ObservedKind[] {
  const unknown: ObservedKind[] = [];
  if (observed.deployments === undefined) unknown.push("deployments");
  if (observed.services === undefined) unknown.push("services");
  if (observed.pods === undefined) unknown.push("pods");
  return unknown;
}

/** Pods whose deletion is overdue (finalizers, lost node): shown, only ever fixed by a human. */
function stuckPodFindings(pods: readonly PodHealth[] | undefined): DriftFinding[] {
  const stuck = (pods ?? []).filter((p) => p.terminating?.overdue);
  if (stuck.length === 0) return [];
  const sentences = stuck.map((p) => {
    const held = p.terminating!.finalizers.length
      ? `, held by finalizer ${p.terminating!.finalizers.join(", ")}`
      : "";
    return `pod ${p.name} Terminating for ${formatDuration(p.terminating!.ageSeconds)}${held}`;
  });
  const since = stuck.map((p) => p.terminating!.since).sort((a, b) => a.getTime() - b.getTime())[0] ?? null;
  return [{ driftClass: "pods-stuck-terminating", severity: "error", sentence: sentences.join("; "), since }];
}

/** What the classification of one session works from. */
interface ClassifyInput {
  session: DriftSession;
  agent: DriftAgent | undefined;
  observed: ObservedHealth;
  now: Date;
  thresholds: DriftThresholds;
}

/** The facts every state's rule reads: how long in this state, whether and since when the agent is gone. */
function facts({ session, agent, now }: ClassifyInput) {
  const inStateSeconds = secondsBetween(session.stateChangedAt, now);
  const agentGoneSeconds =
    agent && !agent.connection.connected && agent.connection.since
      ? secondsBetween(agent.connection.since, now)
      : agent
        ? 0
        : Number.POSITIVE_INFINITY;
  // The phrases are written only for a finding: most sessions have none, and formatting two
  // durations for each of 10,000 sessions was a good part of a pass.
  let inState: string | undefined;
  let agentPhrase: string | undefined;
  return {
    inStateSeconds,
    get inState() {
      return (inState ??= formatDuration(inStateSeconds));
    },
    agentGone: !agent || !agent.connection.connected,
    agentGoneSeconds,
    get agentPhrase() {
      return (agentPhrase ??= describeAgent(agent, session.agentId, now));
    },
  };
}
type Facts = ReturnType<typeof facts>;

function terminatingFindings({ session, observed, thresholds }: ClassifyInput, f: Facts): DriftFinding[] {
  // A stop its agent cannot receive is drift at once, not after the stuck threshold: waiting for
  // STUCK_TERMINATING_SECONDS only delays the one rule that ends it (see the planner's decideStuck).
  if (f.agentGone)
    return [
      {
        driftClass: "stuck-terminating",
        severity: "error",
        sentence: `terminating for ${f.inState}; stop cannot be delivered: ${f.agentPhrase}; ${describeLivePods(observed.pods)}`,
        since: session.stateChangedAt,
      },
    ];
  if (f.inStateSeconds <= thresholds.stuckTerminatingSeconds) return [];
  return [
    {
      driftClass: "stuck-terminating",
      severity: "error",
      sentence: `terminating for ${f.inState}; ${describeLivePods(observed.pods)}; ${f.agentPhrase}`,
      since: session.stateChangedAt,
    },
  ];
}

function endedFindings(input: ClassifyInput, f: Facts): DriftFinding[] {
  const { session, observed } = input;
  const left = {
    deployments: observed.deployments ?? [],
    services: observed.services ?? [],
    pods: (observed.pods ?? []).filter((p) => !p.terminating),
  };
  const findings: DriftFinding[] = [];
  if (left.deployments.length + left.services.length + left.pods.length > 0)
    findings.push({
      driftClass: "leaked-resources",
      severity: "error",
      sentence: `${session.state} ${f.inState} ago but ${describeObjects(left)} still exist`,
      since: session.stateChangedAt,
    });
  findings.push(...endedButRunningFindings(input, f));
  return findings;
}

/**
 * The agent itself says it still runs a session the database says has ended: evidence from the
 * agent, not from absence. Claimed only from a fresh inventory of the session's own agent,
 * reported after the session ended by more than the grace (an inventory listed just before the
 * agent's own stop finished still names it).
 */
function endedButRunningFindings(
  { session, agent, now, thresholds }: ClassifyInput,
  f: Facts,
): DriftFinding[] {
  const inventory = agent?.inventory;
  if (!inventory || !inventory.sessionIds.has(session.id)) return [];
  if (f.inStateSeconds <= thresholds.endedButRunningGraceSeconds) return [];
  const graceEnd = session.stateChangedAt.getTime() + thresholds.endedButRunningGraceSeconds * 1000;
  if (inventory.reportedAt.getTime() <= graceEnd) return [];
  const reported = formatDuration(secondsBetween(inventory.reportedAt, now));
  return [
    {
      driftClass: "ended-but-running",
      severity: "error",
      sentence: `${session.state} ${f.inState} ago but agent ${agent!.id} still reports running it (inventory ${reported} ago)`,
      since: session.stateChangedAt,
    },
  ];
}

function liveFindings({ session, agent, observed, thresholds }: ClassifyInput, f: Facts): DriftFinding[] {
  const findings: DriftFinding[] = [];
  if (f.agentGone && f.agentGoneSeconds > thresholds.agentDisconnectGraceSeconds) {
    findings.push({
      driftClass: "agent-lost",
      severity: "error",
      sentence: `${session.state} on ${f.agentPhrase}; ${describeLivePods(observed.pods)}`,
      since: agent?.connection.since ?? null,
    });
  }
  // The agent's fresh inventory is a second witness: when it still reports the session, the
  // cluster view (a namespace we do not watch, a lagging cache) is not taken over its word.
  const reportedByAgent = agent?.inventory?.sessionIds.has(session.id) ?? false;
  if (
    session.state === "running" &&
    observed.deployments !== undefined &&
    observed.pods !== undefined &&
    observed.deployments.length === 0 &&
    observed.pods.filter((p) => !p.terminating).length === 0 &&
    !reportedByAgent &&
    f.inStateSeconds > thresholds.missingResourcesGraceSeconds
  ) {
    const witness = agent?.inventory ? `, and agent ${agent.id} does not report it` : "";
    findings.push({
      driftClass: "missing-resources",
      severity: "error",
      sentence: `running for ${f.inState} but no Deployment or pods exist${witness}`,
      since: session.stateChangedAt,
    });
  }
  return findings;
}

function pendingFindings({ session, agent, thresholds }: ClassifyInput, f: Facts): DriftFinding[] {
  if (f.inStateSeconds <= thresholds.pendingTooLongSeconds) return [];
  const ready = !f.agentGone && agent?.approvalStatus === "approved";
  const approval = agent && agent.approvalStatus !== "approved" ? ` (${agent.approvalStatus})` : "";
  return [
    {
      driftClass: "pending-too-long",
      severity: "warning",
      sentence: ready
        ? `pending for ${f.inState}; ${f.agentPhrase}, but its start has not completed`
        : `pending for ${f.inState}; ${f.agentPhrase}${approval}`,
      since: session.stateChangedAt,
    },
  ];
}

/** A running session's failing pods (errors, not ready too long) and failing Deployments. */
function unhealthyFindings({ session, observed, now, thresholds }: ClassifyInput): DriftFinding[] {
  if (session.state !== "running") return [];
  const sick = [
    ...(observed.pods ?? [])
      .filter((p) => !p.terminating)
      .filter(
        (p) =>
          p.severity === "error" ||
          (!p.ready &&
            p.notReadySince &&
            secondsBetween(p.notReadySince, now) > thresholds.unhealthyNotReadySeconds),
      )
      .map((p) => `pod ${p.name} ${p.status}${p.restarts ? ` (${plural(p.restarts, "restart")})` : ""}`),
    ...(observed.deployments ?? [])
      .filter((d) => d.severity === "error")
      .map((d) => `Deployment ${d.name}: ${d.reason ?? "failing"}`),
  ];
  return sick.length > 0
    ? [{ driftClass: "unhealthy", severity: "warning", sentence: sick.join("; "), since: null }]
    : [];
}

function stateFindings(input: ClassifyInput, f: Facts): DriftFinding[] {
  switch (input.session.state) {
    case "terminating":
      return terminatingFindings(input, f);
    case "terminated":
    case "failed":
      return endedFindings(input, f);
    case "running":
    case "hibernated":
      return liveFindings(input, f);
    case "pending":
      return pendingFindings(input, f);
    default:
      return [];
  }
}

/**
 * Classifies one session's drift from its row, its agent, the health of its observed objects and
 * `now`. Pure. A class that depends on a kind that could not be observed is not claimed; the
 * result lists the unknown kinds instead.
 */
export function classifySessionDrift(input: ClassifyInput): DriftResult {
  const findings = [
    ...stateFindings(input, facts(input)),
    ...stuckPodFindings(input.observed.pods),
    ...unhealthyFindings(input),
  ];
  return { findings, unknownKinds: unknownKinds(input.observed) };
}

/**
 * Whose objects without a session row are: ours (they carry our installation id), another
 * installation's or a restored database's (another id), or unmarked (no id: made before ids
 * existed, or by hand).
 */
export type OrphanOwner = { kind: "ours" } | { kind: "foreign"; ids: string[] } | { kind: "unmarked" };

/**
 * Classifies objects that carry this installation's label and a session id with no session row.
 * They are orphans once their oldest object is older than the grace period (so an object created
 * just before its row commits is never called one) — and only when they carry our installation
 * id: objects with another id belong to another installation (or to the database this one had
 * before), which is attention, never an orphan.
 */
export function classifyOrphanDrift(input: {
  sessionId: string;
  observed: ObservedHealth;
  createdAt: Date | null;
  owner: OrphanOwner;
  now: Date;
  thresholds: DriftThresholds;
}): DriftResult {
  const { observed, createdAt, now, thresholds, owner } = input;
  const findings: DriftFinding[] = [];
  const ageSeconds = createdAt ? secondsBetween(createdAt, now) : 0;
  if (owner.kind === "foreign") {
    findings.push({
      driftClass: "foreign-objects",
      severity: "warning",
      sentence: `${describeObjects(observed)} of session ${input.sessionId} carry installation id ${owner.ids.join(", ")}, not this installation's: objects of another installation (or of a database this one no longer has); never deleted here`,
      since: createdAt,
    });
  } else if (ageSeconds > thresholds.orphanGraceSeconds) {
    findings.push({
      driftClass: "orphaned-resources",
      severity: "error",
      sentence: `${describeObjects(observed)} belong to session ${input.sessionId}, which has no row (created ${formatDuration(ageSeconds)} ago)${owner.kind === "unmarked" ? "; they carry no installation id" : ""}`,
      since: createdAt,
    });
  }
  findings.push(...stuckPodFindings(observed.pods));
  return { findings, unknownKinds: unknownKinds(observed) };
}
