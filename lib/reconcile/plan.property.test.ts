import type { V1Deployment, V1Pod, V1Service } from "@kubernetes/client-node";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { DriftAgent } from "@/lib/drift/classify";
import { deriveSessionFindings } from "@/lib/drift/findings";
import { defaultDriftThresholds } from "@/lib/drift/types";
import { loadFixture } from "@/lib/health/fixtures/load";
import { deriveSessionLabels, INSTALLATION_ID_ANNOTATION } from "@/lib/k8s/labels";
import { deriveSessionDeployment, deriveSessionService } from "@/lib/k8s/session-manifests";
import { observedKinds, type ClusterSnapshot, type KindStatus } from "@/lib/k8s/snapshot";
import { sessionStates } from "@/lib/sessions/state-machine";
import { planReconcile, type PlanInput, type PlanSession, type StopHistory } from "./plan";
import type { ReconcilePolicy } from "./types";

// The planner over generated states (fast-check): sessions in every state and age, agents
// connected or gone or unapproved, objects present, missing, being deleted or another
// installation's, stop histories, kinds known or not. Two rules for every one of them.
const NOW = new Date("2026-12-03T12:00:00Z");
const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000);
const ourId = "11111111-1111-4111-8111-111111111111";
const policy: ReconcilePolicy = {
  thresholds: defaultDriftThresholds,
  agentGoneForceSeconds: 600,
  retryStopBackoffSeconds: 60,
  stopEscalateAttempts: 5,
  stopEscalateSeconds: 1800,
  modes: {
    "stuck-terminating": "automatic",
    "agent-lost": "automatic",
    "leaked-resources": "automatic",
    "orphaned-resources": "automatic",
    "missing-resources": "automatic",
    "pending-too-long": "automatic",
  },
  installation: "session-reconciler",
  installationId: ourId,
  sessionLabelKey: "session",
};
const realPod = loadFixture<V1Pod>("sessions-pod-running.json");
type Infer<T> = T extends fc.Arbitrary<infer U> ? U : never;

const objectsArb = fc.record({
  deployment: fc.boolean(),
  service: fc.boolean(),
  pod: fc.constantFrom("none", "running", "terminating", "owned"),
  deleting: fc.boolean(),
  owner: fc.constantFrom("ours", "foreign", "unmarked"),
  ageSeconds: fc.integer({ min: 0, max: 86_400 }),
});
const sessionArb = fc.record({
  state: fc.constantFrom(...sessionStates),
  inStateSeconds: fc.integer({ min: 0, max: 86_400 }),
  agent: fc.constantFrom("agent-up", "agent-gone", "agent-unapproved", "agent-unknown"),
  objects: objectsArb,
  stop: fc.option(
    fc.record({
      open: fc.boolean(),
      attempts: fc.integer({ min: 1, max: 8 }),
      lastAttemptSecondsAgo: fc.integer({ min: 0, max: 7200 }),
    }),
  ),
});
const stateArb = fc.record({
  sessions: fc.array(sessionArb, { maxLength: 6 }),
  orphans: fc.array(objectsArb, { maxLength: 3 }),
  kindsKnown: fc.boolean(),
  goneSeconds: fc.integer({ min: 0, max: 86_400 }),
});

function objectsFor(id: string, o: Infer<typeof objectsArb>) {
  const annotations =
    o.owner === "unmarked"
      ? undefined
      : { [INSTALLATION_ID_ANNOTATION]: o.owner === "ours" ? ourId : "other-id" };
  const spec = {
    sessionId: id,
    namespace: "sessions",
    image: "img:1",
    sessionLabelKey: "session",
    labels: deriveSessionLabels({
      sessionLabelKey: "session",
      installation: "session-reconciler",
      sessionId: id,
      agentId: "a",
    }),
    annotations,
  };
  const meta = (kind: string) => ({
    creationTimestamp: ago(o.ageSeconds),
    uid: `${kind}-${id}`,
    ...(o.deleting ? { deletionTimestamp: ago(5) } : {}),
  });
  const deployments: V1Deployment[] = o.deployment
    ? [
        {
          ...deriveSessionDeployment(spec),
          metadata: { ...deriveSessionDeployment(spec).metadata, ...meta("d") },
        },
      ]
    : [];
  const services: V1Service[] = o.service
    ? [{ ...deriveSessionService(spec), metadata: { ...deriveSessionService(spec).metadata, ...meta("s") } }]
    : [];
  const pods: V1Pod[] = [];
  if (o.pod !== "none") {
    const pod: V1Pod = structuredClone(realPod);
    pod.metadata = {
      ...pod.metadata,
      name: `${id}-pod`,
      namespace: "sessions",
      labels: spec.labels,
      annotations,
      creationTimestamp: ago(o.ageSeconds),
      uid: `p-${id}`,
      ownerReferences:
        o.pod === "owned" ? [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "rs", uid: "rs" }] : [],
      ...(o.pod === "terminating" ? { deletionTimestamp: ago(30), deletionGracePeriodSeconds: 30 } : {}),
    };
    pods.push(pod);
  }
  return { deployments, services, pods };
}

function inputOf(state: Infer<typeof stateArb>, now: Date): PlanInput {
  const kinds = Object.fromEntries(
    observedKinds.map((kind): [string, KindStatus] => [
      kind,
      state.kindsKnown
        ? { kind, state: "synced", syncedAt: now, mode: "watch", count: 0 }
        : { kind, state: "error", since: ago(30), error: "ECONNREFUSED", lastSyncedAt: null },
    ]),
  ) as ClusterSnapshot["kinds"];
  const all = [
    ...state.sessions.map((s, i) => objectsFor(`s-${i}`, s.objects)),
    ...state.orphans.map((o, i) => objectsFor(`s-orphan-${i}`, o)),
  ];
  const listed = <T>(items: T[]) => (state.kindsKnown ? items : []);
  const snapshot: ClusterSnapshot = {
    observedAt: now,
    kinds,
    deployments: listed(all.flatMap((o) => o.deployments)),
    services: listed(all.flatMap((o) => o.services)),
    pods: listed(all.flatMap((o) => o.pods)),
    endpointSlices: [],
  };
  const sessions: PlanSession[] = state.sessions.map((s, i) => ({
    id: `s-${i}`,
    state: s.state,
    stateChangedAt: ago(s.inStateSeconds),
    agentId: s.agent,
    namespace: "sessions",
  }));
  const agent = (
    id: string,
    connected: boolean,
    approval: DriftAgent["approvalStatus"],
  ): [string, DriftAgent] => [
    id,
    {
      id,
      approvalStatus: approval,
      cluster: "c",
      connection: { connected, since: connected ? ago(7200) : ago(state.goneSeconds) },
    },
  ];
  const agents = new Map([
    agent("agent-up", true, "approved"),
    agent("agent-gone", false, "approved"),
    agent("agent-unapproved", true, "pending"),
  ]);
  const stopHistory = new Map<string, StopHistory>();
  state.sessions.forEach((s, i) => {
    if (s.stop && s.state === "terminating")
      stopHistory.set(`s-${i}`, {
        open: s.stop.open,
        attempts: s.stop.attempts,
        lastAttemptAt: ago(s.stop.lastAttemptSecondsAgo),
        lastError: "boom",
      });
  });
  return { sessions, agents, snapshot, stopHistory, now, policy };
}

/** The (session, class) pairs the plan acts on or shows a person. */
function handled(input: PlanInput) {
  const plan = planReconcile(input);
  return {
    plan,
    pairs: new Set([
      ...plan.actions.map((a) => `${a.sessionId}|${a.driftClass}`),
      ...plan.attention.map((a) => `${a.sessionId}|${a.driftClass}`),
    ]),
    acted: new Set(plan.actions.map((a) => a.sessionId)),
  };
}

describe("planReconcile over generated states", () => {
  it("acts on or shows every drift — at once, or once the time it waits for has passed", () => {
    fc.assert(
      fc.property(stateArb, (state) => {
        const input = inputOf(state, NOW);
        const { pairs, acted, plan } = handled(input);
        const derived = deriveSessionFindings({ ...input, ...policy, installationId: ourId });
        const later = handled({ ...input, now: new Date(NOW.getTime() + 7 * 86_400_000) });
        const all = [
          ...derived.sessions.map((f) => ({ id: f.session.id, findings: f.findings })),
          ...derived.orphans.map((o) => ({ id: o.sessionId, findings: o.findings })),
        ];
        for (const { id, findings } of all)
          for (const f of findings) {
            const key = `${id}|${f.driftClass}`;
            // One action per session: its other findings wait for the next pass.
            const shown = pairs.has(key) || acted.has(id) || later.pairs.has(key) || later.acted.has(id);
            expect(shown, `${key}: ${f.sentence}`).toBe(true);
          }
        // An item waiting for a person says since when, wherever its condition has a start.
        for (const { id, findings } of all)
          for (const f of findings) {
            const item = plan.attention.find((a) => a.sessionId === id && a.driftClass === f.driftClass);
            if (item && f.since) expect(item.since).toBe(f.since.toISOString());
          }
      }),
      { numRuns: 400 },
    );
  });

  it("never ends or deletes anything while a kind is unknown, nor deletes another installation's objects", () => {
    fc.assert(
      fc.property(stateArb, (state) => {
        const { plan } = handled(inputOf(state, NOW));
        if (!state.kindsKnown) expect(plan.actions.filter((a) => a.type !== "retry-stop")).toEqual([]);
        for (const a of plan.actions)
          if ("objects" in a) for (const o of a.objects) expect(o.uid).not.toMatch(/other-id/);
        const foreignIds = new Set(
          [
            ...state.sessions.map((s, i) => [s.objects.owner, `s-${i}`]),
            ...state.orphans.map((o, i) => [o.owner, `s-orphan-${i}`]),
          ]
            .filter(([owner]) => owner === "foreign")
            .map(([, id]) => id),
        );
        for (const a of plan.actions)
          if (a.type === "delete-objects" && a.driftClass === "orphaned-resources")
            expect(foreignIds.has(a.sessionId)).toBe(false);
      }),
      { numRuns: 400 },
    );
  });

  it("is deterministic: the same state in any order gives the same plan", () => {
    fc.assert(
      fc.property(stateArb, (state) => {
        const input = inputOf(state, NOW);
        const reversed = { ...input, sessions: [...input.sessions].reverse() };
        expect(planReconcile(reversed)).toEqual(planReconcile(input));
      }),
      { numRuns: 200 },
    );
  });
});
