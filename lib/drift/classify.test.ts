import { describe, expect, it } from "vitest";
import type { DeploymentHealth, PodHealth, ServiceHealth } from "@/lib/health";
import { driftAgent, fixedClock, sessionInput } from "@/test/support/builders";
import {
  classifyOrphanDrift,
  classifySessionDrift,
  type DriftAgent,
  type DriftSession,
  type ObservedHealth,
} from "./classify";
import { defaultDriftThresholds as thresholds } from "./types";

const { now: NOW, ago } = fixedClock("2026-11-28T12:00:00Z");
const min = 60;

const pod = (over: Partial<PodHealth> = {}): PodHealth => ({
  name: "s-1-abc",
  namespace: "sessions",
  phase: "Running",
  status: "Running",
  readyContainers: 1,
  totalContainers: 1,
  restarts: 0,
  ready: true,
  severity: "ok",
  containers: [],
  ...over,
});
const deployment = (over: Partial<DeploymentHealth> = {}): DeploymentHealth => ({
  name: "s-1",
  namespace: "sessions",
  desired: 1,
  ready: 1,
  available: 1,
  updated: 1,
  severity: "ok",
  progressDeadlineExceeded: false,
  conditions: [],
  ...over,
});
const service = (): ServiceHealth => ({
  name: "s-1",
  namespace: "sessions",
  selector: { session: "s-1" },
  matchingPods: 1,
  readyEndpoints: 1,
  severity: "ok",
});
const live: ObservedHealth = { deployments: [deployment()], services: [service()], pods: [pod()] };
const nothing: ObservedHealth = { deployments: [], services: [], pods: [] };
const unknown: ObservedHealth = { deployments: undefined, services: undefined, pods: undefined };

const session = (state: DriftSession["state"], inStateSeconds: number) =>
  sessionInput("s-1", state, ago(inStateSeconds));
const connected = driftAgent(true, ago(3600));
const goneFor = (seconds: number) => driftAgent(false, ago(seconds));

const classify = (s: DriftSession, agent: DriftAgent | undefined, observed: ObservedHealth) =>
  classifySessionDrift({ session: s, agent, observed, now: NOW, thresholds });

describe("classifySessionDrift", () => {
  it.each([
    ["healthy running session", session("running", 3600), connected, live, []],
    [
      "terminating within the threshold, agent connected",
      session("terminating", 4 * min),
      connected,
      live,
      [],
    ],
    [
      "terminating 20 s on a disconnected agent: flagged at once (its stop cannot be delivered)",
      session("terminating", 20),
      goneFor(5),
      live,
      ["stuck-terminating"],
    ],
    [
      "stuck terminating (the incident)",
      session("terminating", 48 * min),
      goneFor(47 * min),
      live,
      ["stuck-terminating"],
    ],
    [
      "stuck terminating with the agent connected",
      session("terminating", 6 * min),
      connected,
      live,
      ["stuck-terminating"],
    ],
    ["terminated and clean", session("terminated", 60), connected, nothing, []],
    ["terminated with objects left", session("terminated", 12 * min), connected, live, ["leaked-resources"]],
    [
      "failed with a Service left",
      session("failed", 60),
      connected,
      { ...nothing, services: [service()] },
      ["leaked-resources"],
    ],
    [
      "terminated, only a pod already terminating",
      session("terminated", 60),
      connected,
      {
        ...nothing,
        pods: [
          pod({
            status: "Terminating",
            terminating: {
              since: ago(5),
              ageSeconds: 5,
              gracePeriodSeconds: 30,
              overdue: false,
              finalizers: [],
            },
          }),
        ],
      },
      [],
    ],
    ["running, agent gone within the grace", session("running", 3600), goneFor(20), live, []],
    ["running, agent gone past the grace", session("running", 3600), goneFor(5 * min), live, ["agent-lost"]],
    ["hibernated, agent unknown", session("hibernated", 3600), undefined, nothing, ["agent-lost"]],
    ["running without objects within the grace", session("running", 60), connected, nothing, []],
    [
      "running without objects past the grace",
      session("running", 20 * min),
      connected,
      nothing,
      ["missing-resources"],
    ],
    ["pending briefly", session("pending", 60), goneFor(60), nothing, []],
    [
      "pending long on a connected approved agent",
      session("pending", 20 * min),
      connected,
      nothing,
      ["pending-too-long"],
    ],
    [
      "pending long, agent gone",
      session("pending", 15 * min),
      goneFor(14 * min),
      nothing,
      ["pending-too-long"],
    ],
    [
      "pending long, agent not approved",
      session("pending", 15 * min),
      { ...connected, approvalStatus: "pending" },
      nothing,
      ["pending-too-long"],
    ],
    [
      "running with a crash-looping pod",
      session("running", 3600),
      connected,
      { ...live, pods: [pod({ status: "CrashLoopBackOff", severity: "error", ready: false, restarts: 5 })] },
      ["unhealthy"],
    ],
    [
      "running, pod not ready for long",
      session("running", 3600),
      connected,
      { ...live, pods: [pod({ ready: false, notReadySince: ago(10 * min), severity: "warning" })] },
      ["unhealthy"],
    ],
    [
      "running, pod not ready briefly",
      session("running", 3600),
      connected,
      { ...live, pods: [pod({ ready: false, notReadySince: ago(60), severity: "warning" })] },
      [],
    ],
  ] as const)("%s", (_name, s, agent, observed, expected) => {
    expect(classify(s, agent, observed).findings.map((f) => f.driftClass)).toEqual(expected);
  });

  it("explains the incident in one sentence", () => {
    const [finding] = classify(session("terminating", 48 * min), goneFor(47 * min), live).findings;
    expect(finding).toEqual({
      driftClass: "stuck-terminating",
      severity: "error",
      sentence:
        "terminating for 48 min; stop cannot be delivered: agent agent-a disconnected 47 min ago; 1 pod still Running",
      since: ago(48 * min),
    });
  });

  it("says at once that a stop cannot be delivered to a disconnected agent", () => {
    const [finding] = classify(session("terminating", 20), goneFor(40), live).findings;
    expect(finding?.sentence).toBe(
      "terminating for 20 s; stop cannot be delivered: agent agent-a disconnected 40 s ago; 1 pod still Running",
    );
  });

  it("names what leaked", () => {
    const [finding] = classify(session("terminated", 12 * min), connected, live).findings;
    expect(finding?.sentence).toBe(
      "terminated 12 min ago but Deployment s-1, Service s-1 and 1 pod (1 Running) still exist",
    );
  });

  it("reports a pod held by a finalizer on any session, with the finalizer", () => {
    const stuck = pod({
      status: "Terminating",
      severity: "error",
      terminating: {
        since: ago(12 * min),
        ageSeconds: 12 * min,
        gracePeriodSeconds: 30,
        overdue: true,
        finalizers: ["example.com/protect"],
      },
    });
    const { findings } = classify(session("running", 3600), connected, { ...live, pods: [pod(), stuck] });
    expect(findings).toEqual([
      {
        driftClass: "pods-stuck-terminating",
        severity: "error",
        sentence: "pod s-1-abc Terminating for 12 min, held by finalizer example.com/protect",
        since: ago(12 * min),
      },
    ]);
  });

  it("claims nothing that depends on a kind it could not observe, and says which kinds are unknown", () => {
    expect(classify(session("terminated", 12 * min), connected, unknown)).toEqual({
      findings: [],
      unknownKinds: ["deployments", "services", "pods"],
    });
    expect(
      classify(session("running", 20 * min), connected, { ...nothing, pods: undefined }).findings,
    ).toEqual([]);
    // Stuck terminating depends on the database alone; the sentence admits the pods are unknown.
    expect(
      classify(session("terminating", 48 * min), goneFor(47 * min), unknown).findings[0]?.sentence,
    ).toContain("pods unknown");
  });
});

describe("classifyOrphanDrift", () => {
  it.each([
    ["young objects are not orphans yet", ago(60), []],
    ["old objects without a row are orphans", ago(3 * 3600), ["orphaned-resources"]],
  ] as const)("%s", (_name, createdAt, expected) => {
    const { findings } = classifyOrphanDrift({
      sessionId: "s-gone",
      observed: live,
      createdAt,
      owner: { kind: "ours" },
      now: NOW,
      thresholds,
    });
    expect(findings.map((f) => f.driftClass)).toEqual(expected);
  });

  it("calls objects with another installation's id foreign, at any age, and never orphans", () => {
    const { findings } = classifyOrphanDrift({
      sessionId: "s-theirs",
      observed: live,
      createdAt: ago(3 * 3600),
      owner: { kind: "foreign", ids: ["9d3c…"] },
      now: NOW,
      thresholds,
    });
    expect(findings.map((f) => [f.driftClass, f.severity])).toEqual([["foreign-objects", "warning"]]);
    expect(findings[0]!.sentence).toMatch(
      /carry installation id 9d3c…, not this installation's: .*never deleted here$/,
    );
  });

  it("says so when orphans carry no installation id", () => {
    const { findings } = classifyOrphanDrift({
      sessionId: "s-gone",
      observed: live,
      createdAt: ago(3 * 3600),
      owner: { kind: "unmarked" },
      now: NOW,
      thresholds,
    });
    expect(findings[0]!.sentence).toMatch(
      /which has no row \(created 3 h ago\); they carry no installation id$/,
    );
  });

  it("says what belongs to the missing session", () => {
    const { findings } = classifyOrphanDrift({
      sessionId: "s-gone",
      observed: live,
      createdAt: ago(3 * 3600),
      owner: { kind: "ours" },
      now: NOW,
      thresholds,
    });
    expect(findings[0]?.sentence).toBe(
      "Deployment s-1, Service s-1 and 1 pod (1 Running) belong to session s-gone, which has no row (created 3 h ago)",
    );
  });
});

describe("the agent's inventory as evidence", () => {
  const reporting = (ids: string[], reportedSecondsAgo = 5) =>
    driftAgent(true, ago(3600), {
      inventory: { sessionIds: new Set(ids), reportedAt: ago(reportedSecondsAgo) },
    });
  const classes = (s: DriftSession, agent: DriftAgent | undefined, observed: ObservedHealth) =>
    classify(s, agent, observed).findings.map((f) => f.driftClass);

  it.each([
    [
      "terminated 5 min, still reported, nothing in the cluster",
      session("terminated", 5 * min),
      reporting(["s-1"]),
      nothing,
      ["ended-but-running"],
    ],
    [
      "failed 5 min, still reported",
      session("failed", 5 * min),
      reporting(["s-1"]),
      nothing,
      ["ended-but-running"],
    ],
    [
      "terminated 30 s: within the grace (the agent's own stop may be finishing)",
      session("terminated", 30),
      reporting(["s-1"]),
      nothing,
      [],
    ],
    [
      "terminated 5 min, reported before the grace ended: not evidence",
      session("terminated", 5 * min),
      reporting(["s-1"], 4 * min + 30),
      nothing,
      [],
    ],
    ["terminated, not reported", session("terminated", 5 * min), reporting(["s-2"]), nothing, []],
    [
      "terminated, no fresh inventory (agent gone or stale)",
      session("terminated", 5 * min),
      connected,
      nothing,
      [],
    ],
    [
      "terminated, reported, objects left: both",
      session("terminated", 5 * min),
      reporting(["s-1"]),
      live,
      ["leaked-resources", "ended-but-running"],
    ],
    [
      "running, absent from cluster and inventory: missing",
      session("running", 20 * min),
      reporting([]),
      nothing,
      ["missing-resources"],
    ],
    [
      "running, absent from the cluster but its agent reports it: not missing",
      session("running", 20 * min),
      reporting(["s-1"]),
      nothing,
      [],
    ],
    [
      "running, absent from inventory, the cluster unknown: nothing",
      session("running", 20 * min),
      reporting([]),
      { ...nothing, pods: undefined },
      [],
    ],
  ] as const)("%s", (_name, s, agent, observed, expected) => {
    expect(classes(s, agent, observed)).toEqual(expected);
  });

  it("says who still reports it, and when", () => {
    const [finding] = classify(session("terminated", 5 * min), reporting(["s-1"], 3), nothing).findings;
    expect(finding).toEqual({
      driftClass: "ended-but-running",
      severity: "error",
      sentence: "terminated 5 min ago but agent agent-a still reports running it (inventory 3 s ago)",
      since: ago(5 * min),
    });
    expect(classify(session("running", 20 * min), reporting([]), nothing).findings[0]?.sentence).toBe(
      "running for 20 min but no Deployment or pods exist, and agent agent-a does not report it",
    );
  });
});
