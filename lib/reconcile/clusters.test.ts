import { describe, expect, it } from "vitest";
import { observedKinds } from "@/lib/k8s/model/snapshot";
import {
  clusterSnapshot,
  driftAgent,
  fixedClock,
  sessionInput,
  sessionObjects,
  testPolicy,
} from "@/test/support/builders";
import { planAcrossClusters, type ClusterPlanSession, type ClustersPlanInput } from "./clusters";
import { planReconcile } from "./plan";

const { now: NOW, ago } = fixedClock("2026-12-04T12:00:00Z");
const policy = testPolicy();
const objectsOf = (id: string) => sessionObjects(id, { createdAt: ago(3600) });
const inCluster = (
  cluster: string,
  id: string,
  state: ClusterPlanSession["state"],
  seconds: number,
): ClusterPlanSession => ({ ...sessionInput(id, state, ago(seconds), { agentId: "agent-a" }), cluster });
const strict = (known: string[]) => (cluster: string | undefined) =>
  cluster && known.includes(cluster) ? cluster : undefined;

function input(over: Partial<ClustersPlanInput>): ClustersPlanInput {
  return {
    sessions: [],
    clusters: [],
    agents: new Map([["agent-a", driftAgent(true, ago(3600))]]),
    stopHistory: new Map(),
    now: NOW,
    policy,
    resolveCluster: strict(["eu", "us"]),
    ...over,
  };
}

describe("planAcrossClusters", () => {
  it("plans each cluster with its own sessions and tags every object with its cluster", () => {
    const plan = planAcrossClusters(
      input({
        sessions: [
          inCluster("eu", "s-eu-leak", "terminated", 900),
          inCluster("us", "s-us-ok", "running", 3600),
        ],
        clusters: [
          { cluster: "eu", snapshot: clusterSnapshot(NOW, [objectsOf("s-eu-leak")]) },
          { cluster: "us", snapshot: clusterSnapshot(NOW, [objectsOf("s-us-ok")]) },
        ],
      }),
    );
    expect(plan.actions.map((a) => [a.type, a.sessionId])).toEqual([["delete-objects", "s-eu-leak"]]);
    const refs = plan.actions.flatMap((a) => ("objects" in a ? a.objects : []));
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.every((r) => r.cluster === "eu")).toBe(true);
    expect(plan.driftCountsByCluster.eu?.["leaked-resources"]).toBe(1);
    expect(plan.driftCountsByCluster.us?.["leaked-resources"]).toBe(0);
  });

  it("holds an unreadable cluster's sessions only: the other cluster still acts", () => {
    const unknown = clusterSnapshot(
      NOW,
      [],
      observedKinds.filter((k) => k !== "endpointSlices"),
    );
    const plan = planAcrossClusters(
      input({
        sessions: [
          inCluster("eu", "s-eu-run", "running", 3600),
          inCluster("eu", "s-eu-run2", "running", 3600),
          inCluster("us", "s-us-leak", "terminated", 900),
        ],
        clusters: [
          { cluster: "eu", snapshot: unknown },
          { cluster: "us", snapshot: clusterSnapshot(NOW, [objectsOf("s-us-leak")]) },
        ],
      }),
    );
    // eu's running sessions have no object in an unreadable snapshot: not failed as missing.
    expect(plan.actions.map((a) => [a.type, a.sessionId])).toEqual([["delete-objects", "s-us-leak"]]);
  });

  it("never takes another cluster's session for an orphan: its objects there are left alone and said", () => {
    // The same API server configured twice (eu and us): us sees eu's live session's objects.
    const snapshot = clusterSnapshot(NOW, [objectsOf("s-eu-live")]);
    const plan = planAcrossClusters(
      input({
        sessions: [inCluster("eu", "s-eu-live", "running", 3600)],
        clusters: [
          { cluster: "eu", snapshot },
          { cluster: "us", snapshot },
        ],
      }),
    );
    expect(plan.actions).toEqual([]);
    expect(plan.attention).toEqual([
      expect.objectContaining({
        sessionId: "s-eu-live",
        driftClass: "foreign-objects",
        sentence: expect.stringMatching(/lives in cluster eu, were seen in cluster us: left alone/),
      }),
    ]);
    // Without the rule, us alone would plan to delete them as orphans.
    const { resolveCluster: _r, clusters: _c, ...rest } = input({});
    const alone = planReconcile({ ...rest, sessions: [], snapshot });
    expect(alone.actions.map((a) => a.driftClass)).toContain("orphaned-resources");
  });

  it("plans nothing for a session whose cluster is not configured, and says how many", () => {
    const plan = planAcrossClusters(
      input({
        sessions: [inCluster("gone", "s-gone", "terminating", 48 * 60)],
        clusters: [{ cluster: "eu", snapshot: clusterSnapshot(NOW, []) }],
      }),
    );
    expect(plan.actions).toEqual([]);
    expect(plan.unwatched).toEqual([{ cluster: "gone", sessions: 1 }]);
  });

  it("leaves one cluster's references untagged: they read and route as before", () => {
    const plan = planAcrossClusters(
      input({
        sessions: [inCluster("whatever", "s-leak", "terminated", 900)],
        clusters: [{ cluster: "local", snapshot: clusterSnapshot(NOW, [objectsOf("s-leak")]) }],
        resolveCluster: () => "local",
      }),
    );
    const refs = plan.actions.flatMap((a) => ("objects" in a ? a.objects : []));
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.some((r) => "cluster" in r)).toBe(false);
  });
});
