import type { V1Deployment, V1Pod, V1Service } from "@kubernetes/client-node";
import type { SessionInput } from "@/lib/dashboard/session-rows";
import type { DriftAgent } from "@/lib/drift/classify";
import { defaultDriftThresholds } from "@/lib/drift/types";
import { loadFixture } from "@/lib/health/fixtures/load";
import { deriveSessionLabels, INSTALLATION_ID_ANNOTATION } from "@/lib/k8s/model/labels";
import { deriveSessionDeployment, deriveSessionService } from "@/lib/k8s/model/session-manifests";
import {
  observedKinds,
  type ClusterSnapshot,
  type KindStatus,
  type ObservedKind,
} from "@/lib/k8s/model/snapshot";
import type { ReconcilePolicy } from "@/lib/reconcile/types";
import type { SessionState } from "@/lib/sessions/state-machine";

// The builders the unit tests of the pure core share: one shape of a session, an agent, a session's
// objects, a snapshot and a policy, so a change to one of them is made once. Each test file keeps its
// own words for its cases (`connected`, `goneFor(…)`, `session(…)`) on top of these.

/** A fixed clock for a test file: `now`, and the moments some seconds before and after it. */
export function fixedClock(iso: string) {
  const now = new Date(iso);
  return {
    now,
    ago: (seconds: number) => new Date(now.getTime() - seconds * 1000),
    later: (seconds: number) => new Date(now.getTime() + seconds * 1000),
  };
}

/** The installation the tests run as: its label value and its id. */
export const testInstallation = "session-reconciler";
export const testInstallationId = "11111111-1111-4111-8111-111111111111";

/** The policy the planner's tests run under: default thresholds, every drift class acted on automatically. */
export function testPolicy(over: Partial<ReconcilePolicy> = {}): ReconcilePolicy {
  return {
    thresholds: defaultDriftThresholds,
    agentGoneForceSeconds: 600,
    retryStopBackoffSeconds: 60,
    stopEscalateAttempts: 5,
    stopEscalateSeconds: 1800,
    modes: {
      "stuck-terminating": "automatic",
      "agent-lost": "automatic",
      "leaked-resources": "automatic",
      "ended-but-running": "automatic",
      "orphaned-resources": "automatic",
      "missing-resources": "automatic",
      "pending-too-long": "automatic",
    },
    installation: testInstallation,
    installationId: testInstallationId,
    sessionLabelKey: "session",
    quarantineSeconds: 3600,
    ...over,
  };
}

/** An approved agent (`agent-a` unless told), connected or silent since `since`. */
export function driftAgent(
  connected: boolean,
  since: Date | null,
  over: Partial<Omit<DriftAgent, "connection">> = {},
): DriftAgent {
  return { id: "agent-a", approvalStatus: "approved", ...over, connection: { connected, since } };
}

/** A session row as the planner and the dashboard read it: user `u`, namespace `sessions`, agent `agent-a`. */
export function sessionInput(
  id: string,
  state: SessionState,
  stateChangedAt: Date,
  over: Partial<SessionInput> = {},
): SessionInput {
  return { id, userId: "u", namespace: "sessions", agentId: "agent-a", state, stateChangedAt, ...over };
}

/** A session's objects, one list per kind (endpoint slices left out: the tests observe none). */
export interface TestSessionObjects {
  deployments: V1Deployment[];
  services: V1Service[];
  pods: V1Pod[];
}

const runningPod = loadFixture<V1Pod>("sessions-pod-running.json");

/**
 * The objects our agent makes for a session: its Deployment and Service from the very manifests it
 * applies, and a pod captured from the local cluster relabelled for it, each created at `createdAt`
 * and with a uid (`uid-<Kind>-<id>`), as the API server returns them.
 */
export function sessionObjects(
  id: string,
  options: {
    createdAt: Date;
    /** Whose objects the managed-by label says they are. */
    installation?: string;
    /** The installation id they carry; null: none (objects made before ids existed). */
    installationId?: string | null;
    /** The agent label's value. */
    agentId?: string;
  },
): TestSessionObjects {
  const { createdAt, installation = testInstallation, installationId = testInstallationId } = options;
  const annotations = installationId ? { [INSTALLATION_ID_ANNOTATION]: installationId } : undefined;
  const spec = {
    annotations,
    sessionId: id,
    namespace: "sessions",
    image: "img:1",
    sessionLabelKey: "session",
    labels: deriveSessionLabels({
      sessionLabelKey: "session",
      installation,
      sessionId: id,
      agentId: options.agentId ?? "agent-a",
    }),
  };
  const made = <T extends { kind?: string; metadata?: object }>(object: T): T => ({
    ...object,
    metadata: { ...object.metadata, creationTimestamp: createdAt, uid: `uid-${object.kind}-${id}` },
  });
  const pod: V1Pod = structuredClone(runningPod);
  pod.metadata = {
    ...pod.metadata,
    name: `${id}-abc12`,
    namespace: "sessions",
    labels: spec.labels,
    annotations,
  };
  return {
    deployments: [made(deriveSessionDeployment(spec))],
    services: [made(deriveSessionService(spec))],
    pods: [made(pod)],
  };
}

/** `deployment` as its controller reports it once its one replica is available (generation 1). */
export const availableDeployment = <T extends V1Deployment>(deployment: T): T => ({
  ...deployment,
  metadata: { ...deployment.metadata, generation: 1 },
  status: { replicas: 1, readyReplicas: 1, availableReplicas: 1, updatedReplicas: 1, observedGeneration: 1 },
});

/**
 * A snapshot of `objects` observed at `now`, every kind synced by watch but those in `unknown`: they
 * failed to list 30 s ago and, as in the observer, contribute no objects.
 */
export function clusterSnapshot(
  now: Date,
  objects: readonly TestSessionObjects[],
  unknown: readonly ObservedKind[] = [],
): ClusterSnapshot {
  const kinds = Object.fromEntries(
    observedKinds.map((kind): [ObservedKind, KindStatus] => [
      kind,
      unknown.includes(kind)
        ? {
            kind,
            state: "error",
            since: new Date(now.getTime() - 30_000),
            error: "ECONNREFUSED",
            lastSyncedAt: null,
          }
        : { kind, state: "synced", syncedAt: now, mode: "watch", count: 0 },
    ]),
  ) as ClusterSnapshot["kinds"];
  const listed = <T>(kind: ObservedKind, of: (o: TestSessionObjects) => T[]) =>
    unknown.includes(kind) ? [] : objects.flatMap(of);
  return {
    observedAt: now,
    kinds,
    deployments: listed("deployments", (o) => o.deployments),
    services: listed("services", (o) => o.services),
    pods: listed("pods", (o) => o.pods),
    endpointSlices: [],
  };
}
