import { compareText } from "@/lib/format/compare";
import type { V1ObjectMeta } from "@kubernetes/client-node";
import type { DriftAgent } from "@/lib/drift/classify";
import { deriveSessionFindings, type OrphanFindings, type SessionFindings } from "@/lib/drift/findings";
import { isQuiet, isStillQuiet, quietCacheFor, quietKeyOf, type QuietCache } from "@/lib/drift/quiet";
import { driftClasses, type DriftClass, type DriftFinding } from "@/lib/drift/types";
import { secondsBetween } from "@/lib/format/duration";
import { INSTALLATION_ID_ANNOTATION, MANAGED_BY_LABEL } from "@/lib/k8s/model/labels";
import { isKindKnown, type ClusterSnapshot, type SessionObjects } from "@/lib/k8s/model/snapshot";
import type { SessionState } from "@/lib/sessions/state-machine";
import { classifyStanding, deriveDisposal, deriveQuarantineTargets, indexMetaByUid } from "./disposal";
import type { SilenceHolds } from "./silence";
import {
  actionableClasses,
  type Action,
  type ActionableClass,
  type Attention,
  type Evidence,
  type ObjectRef,
  type Plan,
  type QuarantineInstead,
  type QuarantineTarget,
  type ReconcilePolicy,
} from "./types";

/** A session as the planner needs it. */
export interface PlanSession {
  id: string;
  state: SessionState;
  stateChangedAt: Date;
  agentId: string;
  namespace: string;
}

/** The stop commands a session has had: whether one is open, how many, and the last one's time. */
export interface StopHistory {
  open: boolean;
  attempts: number;
  lastAttemptAt: Date | null;
  /** The error of the last stop that failed or expired, as the agent (or the expiry) said it. */
  lastError?: string | null;
}

export interface PlanInput {
  sessions: PlanSession[];
  agents: Map<string, DriftAgent>;
  snapshot: ClusterSnapshot;
  stopHistory: Map<string, StopHistory>;
  now: Date;
  policy: ReconcilePolicy;
  /** Agents whose silence is not evidence this pass, and why (see deriveSilenceHolds). */
  silenceHolds?: SilenceHolds;
  /** Set by the planner: why no missing-resources finding is evidence this pass (see deriveBlindness). */
  blind?: string;
  /**
   * The quiet sessions of this cluster kept from the last pass (lib/drift/quiet.ts), updated in
   * place: those still quiet are passed over. The loop keeps one per cluster; without it every
   * session is classified every pass (the CLI, the tests) — the plan is the same either way.
   */
  quiet?: QuietCache;
}

/**
 * Whether we may be blind rather than the sessions lost: two or more sessions running and not one
 * of them with any object. A changed session label key, installation name or watched namespaces
 * looks exactly like that, and must not fail every live session.
 */
function deriveBlindness(found: SessionFindings<PlanSession>[], quietRunning: number): string | undefined {
  // A quiet running session (passed over) has its objects: it is never missing.
  const running = found.filter((f) => f.session.state === "running");
  const missing = running.filter((f) => f.findings.some((d) => d.driftClass === "missing-resources"));
  const runningCount = running.length + quietRunning;
  if (runningCount < 2 || missing.length < runningCount) return undefined;
  return `none of the ${runningCount} running sessions has any object: suspect a changed SESSION_LABEL_KEY, INSTALLATION_NAME or WATCH_NAMESPACES (or a wiped cluster), not ${runningCount} lost sessions`;
}

const actionOrder: Record<Action["type"], number> = {
  "force-terminate": 0,
  "terminate-session": 1,
  "fail-session": 2,
  "retry-stop": 3,
  "queue-stop": 4,
  "delete-objects": 5,
  "quarantine-objects": 6,
  "restore-objects": 7,
};

/**
 * The objects of ours the executor may delete: Deployments and Services carrying this
 * installation's managed-by label (their pods and EndpointSlices follow by garbage collection),
 * and pods of ours that no controller owns — never one carrying another installation's id. Objects
 * of a kind that was not observed are never listed, so nothing is deleted on a failed list.
 */
export function deriveDeletableObjects(
  objects: SessionObjects,
  snapshot: ClusterSnapshot,
  owner: Pick<ReconcilePolicy, "installation" | "installationId">,
  /** The objects' own marks are the whole evidence (no live session row): pin their versions. */
  pinContent = false,
): ObjectRef[] {
  const idOf = (meta: V1ObjectMeta) => meta.annotations?.[INSTALLATION_ID_ANNOTATION];
  const ours = (meta: V1ObjectMeta | undefined) =>
    meta?.labels?.[MANAGED_BY_LABEL] === owner.installation &&
    (idOf(meta) === undefined || idOf(meta) === owner.installationId) &&
    !!meta.name &&
    !!meta.namespace &&
    !!meta.uid &&
    !meta.deletionTimestamp;
  const ref = (kind: ObjectRef["kind"], meta: V1ObjectMeta): ObjectRef => ({
    kind,
    namespace: meta.namespace!,
    name: meta.name!,
    uid: meta.uid!,
    ...(pinContent && meta.resourceVersion ? { resourceVersion: meta.resourceVersion } : {}),
  });
  const refs: ObjectRef[] = [];
  if (isKindKnown(snapshot, "deployments")) {
    for (const d of objects.deployments) if (ours(d.metadata)) refs.push(ref("Deployment", d.metadata!));
  }
  if (isKindKnown(snapshot, "services")) {
    for (const s of objects.services) if (ours(s.metadata)) refs.push(ref("Service", s.metadata!));
  }
  if (isKindKnown(snapshot, "pods")) {
    for (const p of objects.pods)
      if (ours(p.metadata) && !p.metadata?.ownerReferences?.length) refs.push(ref("Pod", p.metadata!));
  }
  return refs;
}

/** Whether every kind we delete was observed: actions that delete or end sessions need it. */
function clusterKnown(snapshot: ClusterSnapshot): boolean {
  return (
    isKindKnown(snapshot, "deployments") && isKindKnown(snapshot, "services") && isKindKnown(snapshot, "pods")
  );
}

/**
 * What a session-ending action does with the session's objects: delete them, or in quarantine mode
 * quarantine those not yet quarantined (versions pinned: their marks and replicas are read from
 * them) and delete none — they go as leaked once their quarantine is due.
 */
function deriveEndingDisposal(
  objects: SessionObjects,
  input: PlanInput,
  driftClass: "stuck-terminating" | "agent-lost",
): { objects: ObjectRef[]; quarantine?: QuarantineInstead } {
  const { snapshot, policy, now } = input;
  if (policy.modes[driftClass] !== "quarantine")
    return { objects: deriveDeletableObjects(objects, snapshot, policy) };
  const meta = indexMetaByUid(objects);
  // Pods no controller owns are not quarantined (see deriveDisposal): they go as leaked.
  const plain = deriveDeletableObjects(objects, snapshot, policy, true).filter(
    (r) => r.kind !== "Pod" && classifyStanding(meta.get(r.uid), now, policy.quarantineSeconds) === "plain",
  );
  if (plain.length === 0) return { objects: [] };
  const targets: QuarantineTarget[] = deriveQuarantineTargets(objects, plain);
  return { objects: [], quarantine: { targets, quarantineSeconds: policy.quarantineSeconds } };
}

const disposalVerb = (policy: ReconcilePolicy, driftClass: ActionableClass) =>
  policy.modes[driftClass] === "quarantine" ? "quarantine" : "delete";

function backoffPassed(history: StopHistory | undefined, now: Date, baseSeconds: number): boolean {
  if (!history?.lastAttemptAt) return true;
  const waitSeconds = baseSeconds * 2 ** Math.min(Math.max(history.attempts - 1, 0), 4);
  return secondsBetween(history.lastAttemptAt, now) >= waitSeconds;
}

/** A decision on one finding: act, wait for time to pass, or leave it to a human and say why. */
type Decision = Action | "wait" | { hold: string; silence?: true };
type Actionable = DriftFinding & { driftClass: ActionableClass };

const isActionable = (c: DriftClass): c is ActionableClass =>
  (actionableClasses as readonly string[]).includes(c);

const evidenceOf = (session: PlanSession, agentSilent?: boolean): Evidence => ({
  state: session.state,
  stateChangedAt: session.stateChangedAt.toISOString(),
  ...(agentSilent ? { agentSilent: session.agentId } : {}),
});

/**
 * Why stopping through a connected agent is hopeless: it is not approved (its stop is never
 * dispatched), it failed too many stops, or it has kept one open too long. Retrying for ever was
 * the seed incident's own symptom.
 */
function deriveStopEscalation(
  agent: DriftAgent,
  history: StopHistory | undefined,
  now: Date,
  policy: ReconcilePolicy,
): string | undefined {
  if (agent.approvalStatus !== "approved")
    return `its agent ${agent.id} is connected but ${agent.approvalStatus}, so no stop reaches it`;
  if (history && history.attempts >= policy.stopEscalateAttempts && !history.open)
    return `${history.attempts} stops failed${history.lastError ? ` (last: ${history.lastError})` : ""}`;
  if (
    history?.open &&
    history.lastAttemptAt &&
    secondsBetween(history.lastAttemptAt, now) > policy.stopEscalateSeconds
  )
    return `a stop has been open for ${Math.round(secondsBetween(history.lastAttemptAt, now) / 60)} min`;
  return undefined;
}

/**
 * How long a disconnected agent's silence must last before its sessions are ended, whatever their
 * state: the disconnect grace, or the force time when an operator set that lower.
 */
export function deriveAgentGoneWaitSeconds(
  policy: Pick<ReconcilePolicy, "thresholds" | "agentGoneForceSeconds">,
): number {
  return Math.min(policy.thresholds.agentDisconnectGraceSeconds, policy.agentGoneForceSeconds);
}

/** Stuck terminating: stop again while the agent is there; force once it has been gone too long. */
function decideStuck(
  finding: Actionable,
  { session, agent, objects }: SessionFindings<PlanSession>,
  input: PlanInput,
): Decision {
  const { now, policy } = input;
  const history = input.stopHistory.get(session.id);
  if (agent?.connection.connected) {
    const escalation = deriveStopEscalation(agent, history, now, policy);
    if (escalation) {
      if (!clusterKnown(input.snapshot)) return { hold: `${escalation}, but the cluster state is unknown` };
      return {
        type: "force-terminate",
        sessionId: session.id,
        evidence: evidenceOf(session),
        terminationReason: "stuck_timeout",
        ...deriveEndingDisposal(objects, input, "stuck-terminating"),
        driftClass: "stuck-terminating",
        reason: `${finding.sentence}; ${escalation}: force terminate and ${disposalVerb(policy, "stuck-terminating")} its objects`,
      };
    }
    if (history?.open || !backoffPassed(history, now, policy.retryStopBackoffSeconds)) return "wait";
    return {
      type: "retry-stop",
      sessionId: session.id,
      agentId: session.agentId,
      attempt: (history?.attempts ?? 0) + 1,
      driftClass: "stuck-terminating",
      reason: `${finding.sentence}; the agent is connected: stop again`,
    };
  }
  // One rule with agent-lost: the agent silent past the same grace (capped by the force time)
  // is evidence enough, held alike when the silence may be ours (silence holds) and re-checked
  // at execute time (agentSilent). A stop no agent can receive is never waited out for minutes.
  const goneSeconds = agent?.connection.since
    ? secondsBetween(agent.connection.since, now)
    : Number.POSITIVE_INFINITY;
  if (goneSeconds <= deriveAgentGoneWaitSeconds(policy)) return "wait";
  const held = input.silenceHolds?.get(session.agentId);
  if (held) return { hold: held, silence: true };
  if (!clusterKnown(input.snapshot)) return { hold: "cluster state unknown" };
  return {
    type: "force-terminate",
    sessionId: session.id,
    evidence: evidenceOf(session, true),
    terminationReason: "stuck_timeout",
    ...deriveEndingDisposal(objects, input, "stuck-terminating"),
    driftClass: "stuck-terminating",
    reason: `${finding.sentence}; the agent is gone past the grace: force terminate and ${disposalVerb(policy, "stuck-terminating")} its objects`,
  };
}

/**
 * What a person is told of a finding in manual mode: its sentence, and for a stuck session whose
 * connected agent keeps failing its stops, how many and the agent's last error (escalated: stopping
 * through the agent is hopeless, a force by hand is what is left).
 */
function deriveManualSentence(finding: DriftFinding, found: SessionFindings<PlanSession>, input: PlanInput) {
  if (finding.driftClass !== "stuck-terminating" || !found.agent?.connection.connected)
    return finding.sentence;
  const history = input.stopHistory.get(found.session.id);
  const escalation = deriveStopEscalation(found.agent, history, input.now, input.policy);
  return escalation ? `${finding.sentence}; ${escalation}: force terminate it by hand` : finding.sentence;
}

/** The action for one finding of a session that has a row. */
function decideSession(finding: Actionable, found: SessionFindings<PlanSession>, input: PlanInput): Decision {
  const { session, agent, objects } = found;
  const { snapshot, policy } = input;
  const deletable = (pinContent = false) => deriveDeletableObjects(objects, snapshot, policy, pinContent);
  const agentSilent = !agent?.connection.connected;
  const held = agentSilent ? input.silenceHolds?.get(session.agentId) : undefined;
  switch (finding.driftClass) {
    case "stuck-terminating":
      return decideStuck(finding, found, input);
    case "agent-lost":
      if (held) return { hold: held, silence: true };
      if (!clusterKnown(snapshot)) return { hold: "cluster state unknown" };
      return {
        type: "terminate-session",
        sessionId: session.id,
        evidence: evidenceOf(session, true),
        terminationReason: "agent_disconnected",
        ...deriveEndingDisposal(objects, input, "agent-lost"),
        driftClass: "agent-lost",
        reason: `${finding.sentence}; terminate (agent_disconnected) and ${disposalVerb(policy, "agent-lost")} its objects`,
      };
    case "missing-resources":
    case "pending-too-long":
      if (finding.driftClass === "pending-too-long" && held) return { hold: held, silence: true };
      if (finding.driftClass === "pending-too-long" && !agentSilent && agent?.approvalStatus === "approved")
        return {
          hold: "its agent is connected: the start may still complete (a slow image pull?); fail it by hand if not",
        };
      if (finding.driftClass === "missing-resources" && input.blind) return { hold: input.blind };
      if (!clusterKnown(snapshot)) return { hold: "cluster state unknown" };
      return {
        type: "fail-session",
        sessionId: session.id,
        evidence: evidenceOf(session, finding.driftClass === "pending-too-long" && agentSilent),
        terminationReason:
          finding.driftClass === "missing-resources" ? "resources_missing" : "agent_unavailable",
        objects: deletable(),
        driftClass: finding.driftClass,
        reason: `${finding.sentence}; mark failed`,
      };
    case "leaked-resources":
    case "orphaned-resources":
      return disposeDecision(finding, session.id, objects, input);
    case "ended-but-running":
      return decideEndedButRunning(finding, found, input);
  }
}

/**
 * An ended session its own agent still reports: queue it a stop (the agent removes what it runs;
 * the row stays ended). One open stop at a time, spaced by the retry backoff; after the attempts
 * a stuck session would get, a person must look (the agent keeps reporting it whatever we ask).
 */
function decideEndedButRunning(
  finding: Actionable,
  { session }: SessionFindings<PlanSession>,
  input: PlanInput,
): Decision {
  const { now, policy } = input;
  const history = input.stopHistory.get(session.id);
  const since = session.stateChangedAt.getTime();
  // Only the stops asked for after the session ended count: the one that ended it is not ours.
  const after = history?.lastAttemptAt && history.lastAttemptAt.getTime() > since ? history : undefined;
  if (after?.open) return "wait";
  if (after && after.attempts >= policy.stopEscalateAttempts)
    return {
      hold: `${after.attempts} stops were queued and its agent still reports it: look at agent ${session.agentId}`,
    };
  if (!backoffPassed(after, now, policy.retryStopBackoffSeconds)) return "wait";
  return {
    type: "queue-stop",
    sessionId: session.id,
    agentId: session.agentId,
    attempt: (after?.attempts ?? 0) + 1,
    evidence: evidenceOf(session),
    driftClass: "ended-but-running",
    reason: `${finding.sentence}; queue a stop to its agent`,
  };
}

/** The plain delete, or the delete left for later: what a disposal decision ends in. */
function deleteDecision(
  finding: Actionable,
  sessionId: string,
  objects: ObjectRef[],
  afterQuarantine = false,
): Decision {
  // What is left is not for us to delete: already being deleted (a finalizer may hold it), or
  // pods a controller owns (a ReplicaSet whose Deployment is gone). A person must see it.
  if (objects.length === 0)
    return {
      hold: "nothing left that this installation may delete: objects already being deleted, or pods a controller owns",
    };
  if (finding.driftClass !== "leaked-resources" && finding.driftClass !== "orphaned-resources") return "wait";
  return {
    type: "delete-objects",
    sessionId,
    objects,
    ...(afterQuarantine ? { afterQuarantine: true } : {}),
    driftClass: finding.driftClass,
    reason: afterQuarantine
      ? `${finding.sentence}; their quarantine has ended: delete them`
      : `${finding.sentence}; delete them`,
  };
}

/**
 * Leaked or orphaned objects: deleted, or in quarantine mode quarantined first and deleted once
 * due (see {@link deriveDisposal}). Only what this installation may delete is considered.
 */
function disposeDecision(
  finding: Actionable,
  sessionId: string,
  objects: SessionObjects,
  input: PlanInput,
): Decision {
  const { snapshot, policy, now } = input;
  const refs = deriveDeletableObjects(objects, snapshot, policy, true);
  if (refs.length === 0) return deleteDecision(finding, sessionId, refs);
  if (finding.driftClass !== "leaked-resources" && finding.driftClass !== "orphaned-resources") return "wait";
  const mode = policy.modes[finding.driftClass];
  const disposal = deriveDisposal(objects, refs, { mode, now, quarantineSeconds: policy.quarantineSeconds });
  switch (disposal.do) {
    case "wait":
      return "wait";
    case "hold":
      return { hold: disposal.why };
    case "delete":
      return deleteDecision(finding, sessionId, disposal.refs, disposal.afterQuarantine);
    case "quarantine":
      return {
        type: "quarantine-objects",
        sessionId,
        targets: disposal.targets,
        quarantineSeconds: policy.quarantineSeconds,
        driftClass: finding.driftClass,
        reason: `${finding.sentence}; quarantine them (scale to 0) for ${policy.quarantineSeconds} s, then delete`,
      };
  }
}

/** Objects without a row: deleted only when they carry our installation id. */
function decideOrphan(finding: Actionable, orphan: OrphanFindings, input: PlanInput): Decision {
  if (finding.driftClass !== "orphaned-resources") return "wait";
  if (orphan.owner.kind !== "ours")
    return {
      hold: "they carry no installation id (made before ids existed, or by hand): delete them by hand if they are this installation's",
    };
  return disposeDecision(finding, orphan.sessionId, orphan.objects, input);
}

/**
 * The first moment (after `now`) a disconnected agent's silence passes the wait that ends its
 * running, hibernated or terminating sessions: the loop's early wake-up (see Plan.nextDueAt).
 */
function deriveNextDueAt(found: SessionFindings<PlanSession>[], input: PlanInput): string | undefined {
  const { now, policy } = input;
  let due: number | undefined;
  for (const { session, agent } of found) {
    if (!agent || agent.connection.connected || !agent.connection.since) continue;
    if (!["running", "hibernated", "terminating"].includes(session.state)) continue;
    const waitSeconds =
      session.state === "terminating"
        ? deriveAgentGoneWaitSeconds(policy)
        : policy.thresholds.agentDisconnectGraceSeconds;
    // The classes compare with `>`: one second past the wait is the first pass that acts.
    const at = agent.connection.since.getTime() + (waitSeconds + 1) * 1000;
    if (at > now.getTime() && (due === undefined || at < due)) due = at;
  }
  return due === undefined ? undefined : new Date(due).toISOString();
}

/** Remembers the sessions found quiet this pass, forgets those that are not (or are gone). */
function keepQuiet(quiet: QuietCache, found: SessionFindings<PlanSession>[], sessions: PlanSession[]) {
  for (const f of found)
    if (isQuiet(f)) quiet.set(f.session.id, { key: quietKeyOf(f.session, f.agent), objects: f.objects });
    else quiet.delete(f.session.id);
  // Sessions that are gone: a held entry is only ever reused for the same row and objects, so a
  // stale one is harmless until the cache holds more entries than there are sessions.
  if (quiet.size > sessions.length) {
    const present = new Set(sessions.map((s) => s.id));
    for (const id of quiet.keys()) if (!present.has(id)) quiet.delete(id);
  }
}

/**
 * Plans one reconciliation pass over the shared findings ({@link deriveSessionFindings}): for
 * every drift class in automatic mode, the action that fixes it; everything else a person must see
 * goes to `attention`. Pure and deterministic (sorted; `now` passed in); level-based: planning
 * again against the state its actions produce yields no actions.
 */
export function planReconcile(input: PlanInput): Plan {
  const { policy } = input;
  const actions: Action[] = [];
  const attention: Attention[] = [];
  const findingsSeen: Attention[] = [];
  const driftCounts = Object.fromEntries(driftClasses.map((c) => [c, 0])) as Record<DriftClass, number>;
  let heldForSilence = 0;

  // One action per session at most; drift in manual mode (or with no automatic fix) is attention.
  const consider = (
    sessionId: string,
    findings: DriftFinding[],
    decide: (f: Actionable) => Decision,
    manualSentence: (f: DriftFinding) => string = (f) => f.sentence,
  ) => {
    let acted = false;
    for (const finding of findings) {
      driftCounts[finding.driftClass]++;
      const mode = isActionable(finding.driftClass) ? policy.modes[finding.driftClass] : "manual";
      const since = finding.since ? { since: finding.since.toISOString() } : {};
      findingsSeen.push({ sessionId, driftClass: finding.driftClass, sentence: finding.sentence, ...since });
      // automatic and quarantine both act; they differ in what becomes of the objects.
      if (mode === "off" || (acted && mode !== "manual")) continue;
      if (mode === "manual" || !isActionable(finding.driftClass)) {
        const sentence = mode === "manual" ? manualSentence(finding) : finding.sentence;
        attention.push({ sessionId, driftClass: finding.driftClass, sentence, ...since });
        continue;
      }
      const decision = decide(finding as Actionable);
      if (decision === "wait") continue;
      if ("hold" in decision) {
        if (decision.silence) heldForSilence++;
        const sentence = `${finding.sentence} (not acted on: ${decision.hold})`;
        attention.push({ sessionId, driftClass: finding.driftClass, sentence, ...since });
      } else {
        actions.push(decision);
        acted = true;
      }
    }
  };

  const { quiet } = input;
  const reusable = quietCacheFor(quiet, input.snapshot);
  let quietRunning = 0;
  const derived = deriveSessionFindings({
    ...input,
    sessionLabelKey: policy.sessionLabelKey,
    thresholds: policy.thresholds,
    installationId: policy.installationId,
    skip: (session, agent, objects) => {
      if (!isStillQuiet(reusable, session, agent, objects)) return false;
      if (session.state === "running") quietRunning++;
      return true;
    },
  });
  if (quiet) keepQuiet(quiet, derived.sessions, input.sessions);
  const withBlindness = { ...input, blind: deriveBlindness(derived.sessions, quietRunning) };
  for (const found of derived.sessions)
    consider(
      found.session.id,
      found.findings,
      (f) => decideSession(f, found, withBlindness),
      (f) => deriveManualSentence(f, found, input),
    );
  for (const orphan of derived.orphans)
    consider(orphan.sessionId, orphan.findings, (f) => decideOrphan(f, orphan, input));

  actions.sort((a, b) => actionOrder[a.type] - actionOrder[b.type] || compareText(a.sessionId, b.sessionId));
  const bySessionAndClass = (a: Attention, b: Attention) =>
    compareText(a.sessionId, b.sessionId) || compareText(a.driftClass, b.driftClass);
  attention.sort(bySessionAndClass);
  findingsSeen.sort(bySessionAndClass);
  const nextDueAt = deriveNextDueAt(derived.sessions, input);
  return {
    actions,
    attention,
    driftCounts,
    findings: findingsSeen,
    heldForSilence,
    ...(nextDueAt ? { nextDueAt } : {}),
  };
}
