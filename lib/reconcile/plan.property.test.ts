import type { V1Deployment, V1Pod } from "@kubernetes/client-node";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { deriveSessionFindings } from "@/lib/drift/findings";
import { observedKinds } from "@/lib/k8s/model/snapshot";
import { sessionStates } from "@/lib/sessions/state-machine";
import {
  availableDeployment,
  clusterSnapshot,
  driftAgent,
  fixedClock,
  sessionInput,
  sessionObjects,
  testInstallationId as ourId,
  testPolicy,
} from "@/test/support/builders";
import type { QuietCache } from "@/lib/drift/quiet";
import { planReconcile, type PlanInput, type StopHistory } from "./plan";

// The planner over generated states (fast-check): sessions in every state and age, agents
// connected or gone or unapproved, objects present, missing, being deleted or another
// installation's, stop histories, kinds known or not. Two rules for every one of them.
const { now: NOW, ago } = fixedClock("2026-12-03T12:00:00Z");
const policy = testPolicy();
type Infer<T> = T extends fc.Arbitrary<infer U> ? U : never;

const objectsArb = fc.record({
  deployment: fc.boolean(),
  service: fc.boolean(),
  pod: fc.constantFrom("none", "running", "terminating", "owned"),
  deleting: fc.boolean(),
  /** The Deployment's status says its replica is available (else it has none yet). */
  available: fc.boolean(),
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
const rowArb = fc.record({
  state: fc.constantFrom(...sessionStates),
  inStateSeconds: fc.integer({ min: 0, max: 86_400 }),
  agent: fc.constantFrom("agent-up", "agent-gone", "agent-unapproved", "agent-unknown"),
});
const stateArb = fc.record({
  sessions: fc.array(sessionArb, { maxLength: 6 }),
  orphans: fc.array(objectsArb, { maxLength: 3 }),
  kindsKnown: fc.boolean(),
  goneSeconds: fc.integer({ min: 0, max: 86_400 }),
});

function objectsFor(id: string, o: Infer<typeof objectsArb>) {
  const made = sessionObjects(id, {
    createdAt: ago(o.ageSeconds),
    installationId: o.owner === "unmarked" ? null : o.owner === "ours" ? ourId : "other-id",
    agentId: "a",
  });
  const deleting = <T extends { metadata?: object }>(object: T): T =>
    o.deleting ? { ...object, metadata: { ...object.metadata, deletionTimestamp: ago(5) } } : object;
  const pod = (p: V1Pod): V1Pod => ({
    ...p,
    metadata: {
      ...p.metadata,
      ownerReferences:
        o.pod === "owned" ? [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "rs", uid: "rs" }] : [],
      ...(o.pod === "terminating" ? { deletionTimestamp: ago(30), deletionGracePeriodSeconds: 30 } : {}),
    },
  });
  const available = (d: V1Deployment) => (o.available ? availableDeployment(d) : d);
  return {
    deployments: o.deployment ? made.deployments.map(available).map(deleting) : [],
    services: o.service ? made.services.map(deleting) : [],
    pods: o.pod === "none" ? [] : made.pods.map(pod),
  };
}

function inputOf(state: Infer<typeof stateArb>, now: Date): PlanInput {
  const snapshot = clusterSnapshot(
    now,
    [
      ...state.sessions.map((s, i) => objectsFor(`s-${i}`, s.objects)),
      ...state.orphans.map((o, i) => objectsFor(`s-orphan-${i}`, o)),
    ],
    state.kindsKnown ? [] : observedKinds,
  );
  const sessions = state.sessions.map((s, i) =>
    sessionInput(`s-${i}`, s.state, ago(s.inStateSeconds), { agentId: s.agent }),
  );
  const agent = (id: string, connected: boolean, approvalStatus: "approved" | "pending") =>
    [
      id,
      driftAgent(connected, connected ? ago(7200) : ago(state.goneSeconds), {
        id,
        approvalStatus,
        cluster: "c",
      }),
    ] as const;
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

  it("plans the same with the quiet cache as without, whatever changed since and however long ago", () => {
    fc.assert(
      fc.property(
        stateArb,
        fc.array(fc.option(rowArb), { maxLength: 6 }),
        fc.integer({ min: 0, max: 7 * 86_400 }),
        fc.boolean(),
        (state, changes, delaySeconds, agentLeft) => {
          const first = inputOf(state, NOW);
          const quiet: QuietCache = new Map();
          planReconcile({ ...first, quiet });
          // The same objects (as the watch cache keeps them), rows and agents changed or not, later.
          const now = new Date(NOW.getTime() + delaySeconds * 1000);
          const sessions = first.sessions.map((s, i) => {
            const row = changes[i];
            if (!row) return s;
            const since = new Date(now.getTime() - row.inStateSeconds * 1000);
            return sessionInput(s.id, row.state, since, { agentId: row.agent });
          });
          const agents = new Map(first.agents);
          if (agentLeft)
            agents.set(
              "agent-up",
              driftAgent(false, new Date(now.getTime() - state.goneSeconds * 1000), {
                id: "agent-up",
                approvalStatus: "approved",
                cluster: "c",
              }),
            );
          const second = { ...first, sessions, agents, now };
          expect(planReconcile({ ...second, quiet })).toEqual(planReconcile(second));
        },
      ),
      { numRuns: 500 },
    );
  });
});
