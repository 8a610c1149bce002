import { describe, expect, it } from "vitest";
import type { DriftAgent } from "@/lib/drift/classify";
import { observedKinds, type ClusterSnapshot } from "@/lib/k8s/model/snapshot";
import { buildSessionRows } from "@/lib/dashboard/session-rows";
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
import { planReconcile, type PlanSession, type StopHistory } from "./plan";
import type { Action } from "./types";

const { now: NOW, ago } = fixedClock("2026-11-28T12:00:00Z");
const min = 60;
const policy = testPolicy();

// The objects our agent creates for a session, an hour old unless told.
const objectsOf = (id: string, over: Omit<Parameters<typeof sessionObjects>[1], "createdAt"> = {}) =>
  sessionObjects(id, { createdAt: ago(3600), ...over });
// "Unknown" here: every kind but endpoint slices failed to list.
const failedKinds = observedKinds.filter((kind) => kind !== "endpointSlices");
const snapshotOf = (ids: string[], extra: { orphans?: string[]; unknown?: boolean } = {}) =>
  clusterSnapshot(
    NOW,
    [...ids, ...(extra.orphans ?? [])].map((id) => objectsOf(id)),
    extra.unknown ? failedKinds : [],
  );

const session = (id: string, state: PlanSession["state"], inStateSeconds: number, agentId = "agent-a") =>
  sessionInput(id, state, ago(inStateSeconds), { agentId });
const connected = driftAgent(true, ago(3600));
const goneFor = (seconds: number) => driftAgent(false, ago(seconds));
// One session of each drift on agent-a (gone in the tests that use them), fresh for each test.
const onAgentA = () => [
  session("s-stuck", "terminating", 48 * min),
  session("s-lost", "running", 3600),
  session("s-leak", "terminated", 12 * min),
  session("s-miss", "running", 20 * min),
  session("s-pend", "pending", 15 * min),
];

function plan(
  sessions: PlanSession[],
  agent: DriftAgent | undefined,
  snapshot: ClusterSnapshot,
  stopHistory = new Map<string, StopHistory>(),
) {
  const agents = new Map(agent ? [[agent.id, agent]] : []);
  return planReconcile({ sessions, agents, snapshot, stopHistory, now: NOW, policy });
}
const summary = (actions: Action[]) =>
  actions.map((a) => `${a.type}:${a.sessionId}${"objects" in a ? `:${a.objects.length}` : ""}`);

describe("planReconcile", () => {
  it.each([
    ["healthy sessions: nothing", [session("s-1", "running", 3600)], connected, snapshotOf(["s-1"]), []],
    [
      "terminating, agent gone within the grace: wait",
      [session("s-1", "terminating", 60)],
      goneFor(20),
      snapshotOf(["s-1"]),
      [],
    ],
    [
      "terminating 60 s, agent gone 60 s: force (one rule with agent-lost, no 10 min wait)",
      [session("s-1", "terminating", 60)],
      goneFor(60),
      snapshotOf(["s-1"]),
      ["force-terminate:s-1:2"],
    ],
    [
      "stuck, agent connected: retry the stop",
      [session("s-1", "terminating", 6 * min)],
      connected,
      snapshotOf(["s-1"]),
      ["retry-stop:s-1"],
    ],
    [
      "stuck, agent gone 5 min: force (the grace, not AGENT_GONE_FORCE_SECONDS, is the wait)",
      [session("s-1", "terminating", 6 * min)],
      goneFor(5 * min),
      snapshotOf(["s-1"]),
      ["force-terminate:s-1:2"],
    ],
    [
      "stuck, agent gone 47 min: force terminate and delete",
      [session("s-1", "terminating", 48 * min)],
      goneFor(47 * min),
      snapshotOf(["s-1"]),
      ["force-terminate:s-1:2"],
    ],
    [
      "stuck, agent unknown: force terminate",
      [session("s-1", "terminating", 48 * min)],
      undefined,
      snapshotOf(["s-1"]),
      ["force-terminate:s-1:2"],
    ],
    [
      "agent back within the grace: nothing",
      [session("s-1", "running", 3600)],
      goneFor(20),
      snapshotOf(["s-1"]),
      [],
    ],
    [
      "agent gone past the grace: terminate (Solution 2)",
      [session("s-1", "running", 3600)],
      goneFor(45),
      snapshotOf(["s-1"]),
      ["terminate-session:s-1:2"],
    ],
    [
      "terminated with objects left: delete them (Solution 3)",
      [session("s-1", "terminated", 12 * min)],
      connected,
      snapshotOf(["s-1"]),
      ["delete-objects:s-1:2"],
    ],
    [
      "objects without a row: delete them",
      [],
      connected,
      snapshotOf([], { orphans: ["s-orphan"] }),
      ["delete-objects:s-orphan:2"],
    ],
    [
      "running without objects: fail it",
      [session("s-1", "running", 20 * min)],
      connected,
      snapshotOf([]),
      ["fail-session:s-1:0"],
    ],
    [
      "pending long on a gone agent: fail it",
      [session("s-1", "pending", 15 * min)],
      goneFor(14 * min),
      snapshotOf([]),
      ["fail-session:s-1:0"],
    ],
  ] as const)("%s", (_name, sessions, agent, snapshot, expected) => {
    expect(summary(plan([...sessions], agent, snapshot).actions)).toEqual(expected);
  });

  it("retries a stop only when none is open and the backoff has passed", () => {
    const stuck = [session("s-1", "terminating", 20 * min)];
    const actionsAfter = (h: StopHistory) =>
      plan(stuck, connected, snapshotOf(["s-1"]), new Map([["s-1", h]])).actions;
    expect(actionsAfter({ open: true, attempts: 1, lastAttemptAt: ago(600) })).toEqual([]);
    expect(actionsAfter({ open: false, attempts: 2, lastAttemptAt: ago(90) })).toEqual([]);
    expect(actionsAfter({ open: false, attempts: 2, lastAttemptAt: ago(130) })).toMatchObject([
      { type: "retry-stop", attempt: 3 },
    ]);
  });

  it("deletes only Deployments and Services of this installation (pods follow), never others'", () => {
    const { actions } = plan([session("s-1", "terminated", 12 * min)], connected, snapshotOf(["s-1"]));
    expect(actions[0]).toMatchObject({
      objects: [
        { kind: "Deployment", namespace: "sessions", name: "s-1" },
        { kind: "Service", namespace: "sessions", name: "s-1" },
      ],
    });
    const foreign = snapshotOf([]);
    const theirs = objectsOf("s-2", { installation: "someone-else" });
    foreign.deployments.push(...theirs.deployments);
    foreign.services.push(...theirs.services);
    expect(plan([], connected, foreign).actions).toEqual([]);
  });

  it("deletes and ends nothing when the cluster could not be listed, and says why", () => {
    const sessions = [
      session("s-1", "terminating", 48 * min),
      session("s-2", "running", 20 * min),
      session("s-3", "terminated", 60),
    ];
    const result = plan(sessions, goneFor(47 * min), snapshotOf(["s-1", "s-2", "s-3"], { unknown: true }));
    expect(result.actions).toEqual([]);
    expect(result.attention.map((a) => a.sentence)).toEqual([
      expect.stringContaining("cluster state unknown"),
      expect.stringContaining("cluster state unknown"),
    ]);
  });

  it("leaves manual classes to people and skips classes turned off", () => {
    const manual = {
      ...policy,
      modes: {
        ...policy.modes,
        "stuck-terminating": "manual" as const,
        "orphaned-resources": "off" as const,
      },
    };
    const result = planReconcile({
      sessions: [session("s-1", "terminating", 48 * min)],
      agents: new Map([["agent-a", goneFor(47 * min)]]),
      snapshot: snapshotOf(["s-1"], { orphans: ["s-orphan"] }),
      stopHistory: new Map(),
      now: NOW,
      policy: manual,
    });
    expect(result.actions).toEqual([]);
    expect(result.attention).toEqual([
      {
        sessionId: "s-1",
        driftClass: "stuck-terminating",
        sentence: expect.stringMatching(/^terminating for 48 min/),
        since: ago(48 * min).toISOString(),
      },
    ]);
    expect(result.driftCounts).toMatchObject({ "stuck-terminating": 1, "orphaned-resources": 1 });
  });

  it("is deterministic: the same input gives the same sorted plan", () => {
    const sessions = [
      session("s-b", "terminated", 60),
      session("s-a", "terminating", 48 * min),
      session("s-c", "running", 20 * min),
    ];
    const snapshot = snapshotOf(["s-a", "s-b"]);
    const first = plan(sessions, goneFor(47 * min), snapshot);
    expect(summary(first.actions)).toEqual([
      "force-terminate:s-a:2",
      "terminate-session:s-c:0",
      "delete-objects:s-b:2",
    ]);
    expect(plan([...sessions].reverse(), goneFor(47 * min), snapshot)).toEqual(first);
  });

  it("plans nothing against the state its own plan produces (idempotence)", () => {
    const sessions = [...onAgentA(), session("s-slow", "terminating", 20 * min, "agent-b")];
    const agents = new Map<string, DriftAgent>([
      ["agent-a", goneFor(47 * min)],
      ["agent-b", driftAgent(true, ago(3600), { id: "agent-b" })],
    ]);
    const snapshot = snapshotOf(["s-stuck", "s-lost", "s-leak", "s-slow"], { orphans: ["s-orphan"] });
    const first = planReconcile({ sessions, agents, snapshot, stopHistory: new Map(), now: NOW, policy });
    expect(first.actions).toHaveLength(7);

    // Apply the plan to the state, as the executor would.
    const after = {
      sessions: sessions.map((s) => ({ ...s })),
      snapshot: structuredClone(snapshot),
      stopHistory: new Map<string, StopHistory>(),
    };
    for (const action of first.actions) {
      const s = after.sessions.find((x) => x.id === action.sessionId);
      if (action.type === "retry-stop")
        after.stopHistory.set(action.sessionId, { open: true, attempts: action.attempt, lastAttemptAt: NOW });
      if (s && (action.type === "force-terminate" || action.type === "terminate-session"))
        Object.assign(s, { state: "terminated", stateChangedAt: NOW });
      if (s && action.type === "fail-session") Object.assign(s, { state: "failed", stateChangedAt: NOW });
      if ("objects" in action) {
        const gone = (o: { metadata?: { labels?: Record<string, string> } }) =>
          o.metadata?.labels?.session === action.sessionId;
        after.snapshot.deployments = after.snapshot.deployments.filter((o) => !gone(o));
        after.snapshot.services = after.snapshot.services.filter((o) => !gone(o));
        after.snapshot.pods = after.snapshot.pods.filter((o) => !gone(o));
      }
    }
    const second = planReconcile({ ...after, agents, now: NOW, policy });
    expect(second.actions).toEqual([]);
  });

  it("ends a dead agent's running and terminating sessions in the same pass (one rule), on its silence", () => {
    const sessions = [session("s-run", "running", 3600), session("s-stop", "terminating", 90)];
    const before = plan(sessions, goneFor(25), snapshotOf(["s-run", "s-stop"]));
    expect(summary(before.actions)).toEqual([]);
    const result = plan(sessions, goneFor(45), snapshotOf(["s-run", "s-stop"]));
    expect(summary(result.actions)).toEqual(["force-terminate:s-stop:2", "terminate-session:s-run:2"]);
    expect(result.actions[0]).toMatchObject({
      evidence: { state: "terminating", stateChangedAt: ago(90).toISOString(), agentSilent: "agent-a" },
    });
  });

  it("names when a ripening silence becomes evidence, so the loop need not wait a whole interval", () => {
    const sessions = [session("s-run", "running", 3600), session("s-stop", "terminating", 90)];
    expect(plan(sessions, goneFor(25), snapshotOf(["s-run", "s-stop"])).nextDueAt).toBe(
      new Date(NOW.getTime() + 6_000).toISOString(),
    );
    expect(plan(sessions, goneFor(45), snapshotOf(["s-run", "s-stop"])).nextDueAt).toBeUndefined();
    expect(plan(sessions, connected, snapshotOf(["s-run", "s-stop"])).nextDueAt).toBeUndefined();
  });

  it("keeps AGENT_GONE_FORCE_SECONDS as an upper bound on the wait", () => {
    const low = testPolicy({ agentGoneForceSeconds: 10 });
    const result = planReconcile({
      sessions: [session("s-1", "terminating", 60)],
      agents: new Map([["agent-a", goneFor(15)]]),
      snapshot: snapshotOf(["s-1"]),
      stopHistory: new Map(),
      now: NOW,
      policy: low,
    });
    expect(summary(result.actions)).toEqual(["force-terminate:s-1:2"]);
  });

  it("names every object by its uid and carries the evidence it acted on", () => {
    const result = plan([session("s-1", "running", 3600)], goneFor(5 * min), snapshotOf(["s-1"]));
    const [action] = result.actions;
    expect(action).toMatchObject({
      type: "terminate-session",
      evidence: { state: "running", stateChangedAt: ago(3600).toISOString(), agentSilent: "agent-a" },
      objects: [
        { kind: "Deployment", name: "s-1", uid: "uid-Deployment-s-1" },
        { kind: "Service", name: "s-1", uid: "uid-Service-s-1" },
      ],
    });
  });

  it("holds what rests on an agent's silence when that silence is no evidence, and says why", () => {
    const sessions = [
      session("s-lost", "running", 3600),
      session("s-stuck", "terminating", 48 * min),
      session("s-pend", "pending", 15 * min),
      session("s-leak", "terminated", 12 * min),
    ];
    const why = "3 of 4 agents fell silent together: suspect the control plane";
    const result = planReconcile({
      sessions,
      agents: new Map([["agent-a", goneFor(47 * min)]]),
      snapshot: snapshotOf(["s-lost", "s-stuck", "s-leak"]),
      stopHistory: new Map(),
      now: NOW,
      policy,
      silenceHolds: new Map([["agent-a", why]]),
    });
    // Deleting what an ended session left behind rests on the row, not on the agent: it goes on.
    expect(summary(result.actions)).toEqual(["delete-objects:s-leak:2"]);
    expect(result.heldForSilence).toBe(3);
    expect(
      result.attention.map((a) => [a.sessionId, a.driftClass, a.sentence.endsWith(`(not acted on: ${why})`)]),
    ).toEqual([
      ["s-lost", "agent-lost", true],
      ["s-pend", "pending-too-long", true],
      ["s-stuck", "stuck-terminating", true],
    ]);
  });

  it("reads the same findings as the dashboard for one state (one classification)", () => {
    const sessions = [...onAgentA(), session("s-ok", "running", 3600, "agent-b")];
    const agents = new Map<string, DriftAgent>([
      ["agent-a", goneFor(47 * min)],
      ["agent-b", { ...connected, id: "agent-b" }],
    ]);
    const snapshot = snapshotOf(["s-stuck", "s-lost", "s-leak", "s-ok"], { orphans: ["s-orphan"] });
    const planned = planReconcile({ sessions, agents, snapshot, stopHistory: new Map(), now: NOW, policy });
    const rows = buildSessionRows({
      sessions,
      agents,
      snapshot,
      sessionLabelKey: "session",
      now: NOW,
      thresholds: policy.thresholds,
      installationId: ourId,
    });
    const shown: Record<string, number> = {};
    for (const row of rows) for (const d of row.drift) shown[d.driftClass] = (shown[d.driftClass] ?? 0) + 1;
    expect(Object.fromEntries(Object.entries(planned.driftCounts).filter(([, n]) => n > 0))).toEqual(shown);
    // Every session the plan acts on is one the dashboard shows with that very class.
    for (const action of planned.actions)
      expect(rows.find((r) => r.id === action.sessionId)?.drift.map((d) => d.driftClass)).toContain(
        action.driftClass,
      );
    expect(planned.actions.length).toBeGreaterThanOrEqual(5);
  });

  it("deletes objects without a row only when they carry our installation id", () => {
    const snapshot = snapshotOf([]);
    const add = (o: ReturnType<typeof objectsOf>) => {
      snapshot.deployments.push(...o.deployments);
      snapshot.services.push(...o.services);
      snapshot.pods.push(...o.pods);
    };
    add(objectsOf("s-ours"));
    add(objectsOf("s-theirs", { installationId: "22222222-2222-4222-8222-222222222222" }));
    add(objectsOf("s-unmarked", { installationId: null }));
    const result = plan([], connected, snapshot);
    expect(summary(result.actions)).toEqual(["delete-objects:s-ours:2"]);
    expect(result.attention.map((a) => [a.sessionId, a.driftClass])).toEqual([
      ["s-theirs", "foreign-objects"],
      ["s-unmarked", "orphaned-resources"],
    ]);
    expect(result.attention[1]!.sentence).toMatch(/not acted on: they carry no installation id/);
    expect(result.driftCounts["foreign-objects"]).toBe(1);
  });

  it("fails no session as missing when none of the running sessions has any object (blind, not lost)", () => {
    const sessions = [session("s-1", "running", 20 * min), session("s-2", "running", 20 * min)];
    const blind = plan(sessions, connected, snapshotOf([]));
    expect(blind.actions).toEqual([]);
    expect(blind.attention.map((a) => a.sentence)).toEqual([
      expect.stringMatching(
        /not acted on: none of the 2 running sessions has any object: suspect a changed SESSION_LABEL_KEY/,
      ),
      expect.stringMatching(/none of the 2 running sessions has any object/),
    ]);
    // One missing among others that are seen: that one is failed as before.
    const one = plan([...sessions, session("s-3", "running", 3600)], connected, snapshotOf(["s-3"]));
    expect(summary(one.actions)).toEqual(["fail-session:s-1:0", "fail-session:s-2:0"]);
  });

  it("counts the running sessions it passes over as quiet: two missing beside a healthy one are failed", () => {
    const healthy = objectsOf("s-3");
    healthy.deployments = healthy.deployments.map(availableDeployment);
    const input = {
      sessions: [
        session("s-1", "running", 20 * min),
        session("s-2", "running", 20 * min),
        session("s-3", "running", 3600),
      ],
      agents: new Map([["agent-a", connected]]),
      snapshot: clusterSnapshot(NOW, [healthy]),
      stopHistory: new Map<string, StopHistory>(),
      now: NOW,
      policy,
    };
    const quiet = new Map();
    planReconcile({ ...input, quiet });
    expect([...quiet.keys()]).toEqual(["s-3"]);
    const again = planReconcile({ ...input, quiet });
    expect(summary(again.actions)).toEqual(["fail-session:s-1:0", "fail-session:s-2:0"]);
    expect(again).toEqual(planReconcile(input));
  });

  it("escalates a stop that cannot succeed through a connected agent: forces it, and says why", () => {
    const stuck = [session("s-1", "terminating", 48 * min)];
    const history = (h: Partial<StopHistory>) =>
      new Map<string, StopHistory>([
        ["s-1", { open: false, attempts: 1, lastAttemptAt: ago(10 * min), ...h }],
      ]);
    const reasonOf = (p: ReturnType<typeof plan>) => (p.actions[0] as { reason: string } | undefined)?.reason;

    const failing = plan(
      stuck,
      connected,
      snapshotOf(["s-1"]),
      history({ attempts: 5, lastError: "deployments.apps is forbidden" }),
    );
    expect(summary(failing.actions)).toEqual(["force-terminate:s-1:2"]);
    expect(reasonOf(failing)).toMatch(
      /5 stops failed \(last: deployments.apps is forbidden\): force terminate/,
    );

    const unapproved = plan(
      stuck,
      { ...connected, approvalStatus: "pending" },
      snapshotOf(["s-1"]),
      history({ open: true }),
    );
    expect(reasonOf(unapproved)).toMatch(/connected but pending, so no stop reaches it/);

    const hanging = plan(
      stuck,
      connected,
      snapshotOf(["s-1"]),
      history({ open: true, lastAttemptAt: ago(40 * min) }),
    );
    expect(reasonOf(hanging)).toMatch(/a stop has been open for 40 min/);

    // Manual mode: no force, the session is attention with the attempts and the agent's error.
    const manualPolicy = { ...policy, modes: { ...policy.modes, "stuck-terminating": "manual" as const } };
    const inManual = (h: Map<string, StopHistory>, attempts = policy.stopEscalateAttempts) =>
      planReconcile({
        sessions: stuck,
        agents: new Map([[connected.id, connected]]),
        snapshot: snapshotOf(["s-1"]),
        stopHistory: h,
        now: NOW,
        policy: { ...manualPolicy, stopEscalateAttempts: attempts },
      });
    const manual = inManual(history({ attempts: 5, lastError: "deployments.apps is forbidden" }));
    expect(manual.actions).toEqual([]);
    expect(manual.attention.map((x) => x.sentence)).toEqual([
      expect.stringMatching(
        /5 stops failed \(last: deployments.apps is forbidden\): force terminate it by hand/,
      ),
    ]);
    // Below the threshold (a setting), the attention is the finding alone; at it, escalated.
    expect(inManual(history({ attempts: 2, lastError: "x" })).attention[0]!.sentence).not.toMatch(
      /stops failed/,
    );
    expect(inManual(history({ attempts: 2, lastError: "x" }), 2).attention[0]!.sentence).toMatch(
      /2 stops failed \(last: x\)/,
    );

    // Two failures are still worth another stop.
    expect(summary(plan(stuck, connected, snapshotOf(["s-1"]), history({ attempts: 2 })).actions)).toEqual([
      "retry-stop:s-1",
    ]);
  });
});

describe("ended but still running (the agent's inventory)", () => {
  const reporting = (ids: string[]) =>
    driftAgent(true, ago(3600), { inventory: { sessionIds: new Set(ids), reportedAt: ago(5) } });
  const ended = [session("s-1", "terminated", 10 * min)];

  it("queues a stop to the agent that still reports it, with the evidence it saw", () => {
    const result = plan(ended, reporting(["s-1"]), snapshotOf([]));
    expect(result.actions).toEqual([
      expect.objectContaining({
        type: "queue-stop",
        sessionId: "s-1",
        agentId: "agent-a",
        attempt: 1,
        evidence: { state: "terminated", stateChangedAt: ago(10 * min).toISOString() },
        driftClass: "ended-but-running",
      }),
    ]);
  });

  it.each([
    ["a stop queued after it ended is open: wait", { open: true, attempts: 1, lastAttemptAt: ago(30) }, []],
    [
      "the last stop was 30 s ago (backoff 60 s): wait",
      { open: false, attempts: 1, lastAttemptAt: ago(30) },
      [],
    ],
    [
      "the last stop was 2 min ago: again",
      { open: false, attempts: 1, lastAttemptAt: ago(120) },
      ["queue-stop:s-1"],
    ],
    [
      "the stop that ended it (before it ended) does not count",
      { open: false, attempts: 3, lastAttemptAt: ago(11 * min) },
      ["queue-stop:s-1"],
    ],
  ] as const)("%s", (_name, history, expected) => {
    const result = plan(ended, reporting(["s-1"]), snapshotOf([]), new Map([["s-1", history]]));
    expect(summary(result.actions)).toEqual(expected);
  });

  it("asks a person after as many stops as a stuck session gets", () => {
    const history = new Map([["s-1", { open: false, attempts: 5, lastAttemptAt: ago(5 * min) }]]);
    const result = plan(ended, reporting(["s-1"]), snapshotOf([]), history);
    expect(result.actions).toEqual([]);
    expect(result.attention).toEqual([
      expect.objectContaining({
        driftClass: "ended-but-running",
        sentence: expect.stringContaining("5 stops were queued and its agent still reports it"),
      }),
    ]);
  });

  it("deletes leaked objects first; re-planning after a queued stop gives nothing", () => {
    expect(summary(plan(ended, reporting(["s-1"]), snapshotOf(["s-1"])).actions)).toEqual([
      "delete-objects:s-1:2",
    ]);
    const after = new Map([["s-1", { open: true, attempts: 1, lastAttemptAt: NOW }]]);
    expect(plan(ended, reporting(["s-1"]), snapshotOf([]), after).actions).toEqual([]);
  });

  it("never acts on a stale inventory or one of a disconnected agent", () => {
    expect(plan(ended, connected, snapshotOf([])).actions).toEqual([]);
    expect(plan(ended, goneFor(5 * min), snapshotOf([])).actions).toEqual([]);
  });
});
