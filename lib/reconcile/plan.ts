import type { V1ObjectMeta } from "@kubernetes/client-node";
import { classifyOrphanDrift, classifySessionDrift, type DriftAgent } from "@/lib/drift/classify";
import { deriveObservedHealth } from "@/lib/drift/observed-health";
import { driftClasses, type DriftClass, type DriftFinding } from "@/lib/drift/types";
import { secondsBetween } from "@/lib/format/duration";
import { MANAGED_BY_LABEL } from "@/lib/k8s/labels";
import {
  emptySessionObjects,
  indexBySession,
  isKindKnown,
  type ClusterSnapshot,
  type SessionObjects,
} from "@/lib/k8s/snapshot";
import type { SessionState } from "@/lib/sessions/state-machine";
import {
  actionableClasses,
  type Action,
  type ActionableClass,
  type Attention,
  type ObjectRef,
  type Plan,
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
}

export interface PlanInput {
  sessions: PlanSession[];
  agents: Map<string, DriftAgent>;
  snapshot: ClusterSnapshot;
  stopHistory: Map<string, StopHistory>;
  now: Date;
  policy: ReconcilePolicy;
}

const actionOrder: Record<Action["type"], number> = {
  "force-terminate": 0,
  "terminate-session": 1,
  "fail-session": 2,
  "retry-stop": 3,
  "delete-objects": 4,
};

const isActionable = (c: DriftClass): c is ActionableClass =>
  (actionableClasses as readonly string[]).includes(c);

/**
 * The objects of ours the executor may delete: Deployments and Services carrying this
 * installation's managed-by label (their pods and EndpointSlices follow by garbage collection),
 * and pods of ours that no controller owns. Objects of a kind that was not observed are never
 * listed, so nothing is deleted on a failed list.
 */
export function deriveDeletableObjects(
  objects: SessionObjects,
  snapshot: ClusterSnapshot,
  installation: string,
): ObjectRef[] {
  const ours = (meta: V1ObjectMeta | undefined) =>
    meta?.labels?.[MANAGED_BY_LABEL] === installation &&
    !!meta.name &&
    !!meta.namespace &&
    !meta.deletionTimestamp;
  const refs: ObjectRef[] = [];
  if (isKindKnown(snapshot, "deployments")) {
    for (const d of objects.deployments)
      if (ours(d.metadata))
        refs.push({ kind: "Deployment", namespace: d.metadata!.namespace!, name: d.metadata!.name! });
  }
  if (isKindKnown(snapshot, "services")) {
    for (const s of objects.services)
      if (ours(s.metadata))
        refs.push({ kind: "Service", namespace: s.metadata!.namespace!, name: s.metadata!.name! });
  }
  if (isKindKnown(snapshot, "pods")) {
    for (const p of objects.pods) {
      if (ours(p.metadata) && !p.metadata?.ownerReferences?.length) {
        refs.push({ kind: "Pod", namespace: p.metadata!.namespace!, name: p.metadata!.name! });
      }
    }
  }
  return refs;
}

/** Whether every kind we delete was observed: actions that delete or end sessions need it. */
function clusterKnown(snapshot: ClusterSnapshot): boolean {
  return (
    isKindKnown(snapshot, "deployments") && isKindKnown(snapshot, "services") && isKindKnown(snapshot, "pods")
  );
}

function backoffPassed(history: StopHistory | undefined, now: Date, baseSeconds: number): boolean {
  if (!history?.lastAttemptAt) return true;
  const waitSeconds = baseSeconds * 2 ** Math.min(Math.max(history.attempts - 1, 0), 4);
  return secondsBetween(history.lastAttemptAt, now) >= waitSeconds;
}

/**
 * Plans one reconciliation pass: for every drift class in automatic mode, the action that fixes
 * it; everything else a person must see goes to `attention`. Pure and deterministic (sorted; `now`
 * passed in); level-based: it decides from the current state only, so planning again against the
 * state its actions produce yields no actions.
 */
export function planReconcile(input: PlanInput): Plan {
  const { snapshot, now, policy } = input;
  const index = indexBySession(snapshot, policy.sessionLabelKey);
  const actions: Action[] = [];
  const attention: Attention[] = [];
  const driftCounts = Object.fromEntries(driftClasses.map((c) => [c, 0])) as Record<DriftClass, number>;
  const known = clusterKnown(snapshot);

  const consider = (
    sessionId: string,
    findings: DriftFinding[],
    decide: (finding: DriftFinding & { driftClass: ActionableClass }) => Action | "wait" | "unknown",
  ) => {
    let acted = false;
    for (const finding of findings) {
      driftCounts[finding.driftClass]++;
      const mode = isActionable(finding.driftClass) ? policy.modes[finding.driftClass] : "manual";
      if (mode === "off") continue;
      if (mode === "manual" || acted || !isActionable(finding.driftClass)) {
        if (mode === "manual" || !isActionable(finding.driftClass)) {
          attention.push({ sessionId, driftClass: finding.driftClass, sentence: finding.sentence });
        }
        continue;
      }
      const decision = decide(finding as DriftFinding & { driftClass: ActionableClass });
      if (decision === "unknown") {
        attention.push({
          sessionId,
          driftClass: finding.driftClass,
          sentence: `${finding.sentence} (not acted on: cluster state unknown)`,
        });
      } else if (decision !== "wait") {
        actions.push(decision);
        acted = true;
      }
    }
  };

  for (const session of input.sessions) {
    const objects = index.get(session.id) ?? emptySessionObjects();
    index.delete(session.id);
    const observed = deriveObservedHealth(
      objects,
      snapshot,
      now,
      policy.thresholds.podTerminatingMarginSeconds,
    );
    const agent = input.agents.get(session.agentId);
    const { findings } = classifySessionDrift({
      session,
      agent,
      observed,
      now,
      thresholds: policy.thresholds,
    });
    const deletable = () => deriveDeletableObjects(objects, snapshot, policy.installation);

    consider(session.id, findings, (finding): Action | "wait" | "unknown" => {
      switch (finding.driftClass) {
        case "stuck-terminating": {
          const history = input.stopHistory.get(session.id);
          if (agent?.connection.connected) {
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
          const goneSeconds = agent?.connection.since
            ? secondsBetween(agent.connection.since, now)
            : Number.POSITIVE_INFINITY;
          if (goneSeconds <= policy.agentGoneForceSeconds) return "wait";
          if (!known) return "unknown";
          return {
            type: "force-terminate",
            sessionId: session.id,
            terminationReason: "stuck_timeout",
            objects: deletable(),
            driftClass: "stuck-terminating",
            reason: `${finding.sentence}; the agent has been gone too long: force terminate and delete its objects`,
          };
        }
        case "agent-lost":
          if (!known) return "unknown";
          return {
            type: "terminate-session",
            sessionId: session.id,
            terminationReason: "agent_disconnected",
            objects: deletable(),
            driftClass: "agent-lost",
            reason: `${finding.sentence}; terminate (agent_disconnected) and delete its objects`,
          };
        case "missing-resources":
        case "pending-too-long":
          if (!known) return "unknown";
          return {
            type: "fail-session",
            sessionId: session.id,
            terminationReason:
              finding.driftClass === "missing-resources" ? "resources_missing" : "agent_unavailable",
            objects: deletable(),
            driftClass: finding.driftClass,
            reason: `${finding.sentence}; mark failed`,
          };
        case "leaked-resources":
        case "orphaned-resources": {
          const objectsToDelete = deletable();
          if (objectsToDelete.length === 0) return "wait";
          return {
            type: "delete-objects",
            sessionId: session.id,
            objects: objectsToDelete,
            driftClass: finding.driftClass,
            reason: `${finding.sentence}; delete them`,
          };
        }
      }
    });
  }

  for (const [sessionId, objects] of index) {
    const observed = deriveObservedHealth(
      objects,
      snapshot,
      now,
      policy.thresholds.podTerminatingMarginSeconds,
    );
    const created = [...objects.deployments, ...objects.services, ...objects.pods]
      .map((o) => o.metadata?.creationTimestamp)
      .filter((d) => d !== undefined)
      .map((d) => new Date(d))
      .filter((d) => !Number.isNaN(d.getTime()))
      .sort((a, b) => a.getTime() - b.getTime())[0];
    const { findings } = classifyOrphanDrift({
      sessionId,
      observed,
      createdAt: created ?? null,
      now,
      thresholds: policy.thresholds,
    });
    consider(sessionId, findings, (finding) => {
      const objectsToDelete = deriveDeletableObjects(objects, snapshot, policy.installation);
      if (finding.driftClass !== "orphaned-resources" || objectsToDelete.length === 0) return "wait";
      return {
        type: "delete-objects",
        sessionId,
        objects: objectsToDelete,
        driftClass: "orphaned-resources",
        reason: `${finding.sentence}; delete them`,
      };
    });
  }

  actions.sort((a, b) => actionOrder[a.type] - actionOrder[b.type] || a.sessionId.localeCompare(b.sessionId));
  attention.sort(
    (a, b) => a.sessionId.localeCompare(b.sessionId) || a.driftClass.localeCompare(b.driftClass),
  );
  return { actions, attention, driftCounts };
}
