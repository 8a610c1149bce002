import type { V1Deployment, V1Pod } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { defaultDriftThresholds } from "@/lib/drift/types";
import { loadFixture } from "@/lib/health/fixtures/load";
import {
  clusterSnapshot,
  driftAgent,
  fixedClock,
  sessionInput,
  testInstallationId,
} from "@/test/support/builders";
import { buildSessionRows, type RowCache } from "./session-rows";

const { now: T0, later } = fixedClock("2026-11-28T05:00:00Z");

// Real objects from the local cluster, relabelled for a session.
function objectsFor(id: string) {
  const pod = structuredClone(loadFixture<V1Pod>("sessions-pod-running.json"));
  pod.metadata = { ...pod.metadata, name: `${id}-pod`, labels: { session: id } };
  const deployment = structuredClone(loadFixture<V1Deployment>("deployment-web.json"));
  deployment.metadata = { ...deployment.metadata, name: id, labels: { session: id } };
  return { pods: [pod], deployments: [deployment], services: [] };
}
const snapshot = clusterSnapshot(T0, [objectsFor("s-healthy")]);
const agents = new Map([["agent-a", driftAgent(true, T0)]]);
const sessions = [sessionInput("s-healthy", "running", T0), sessionInput("s-ending", "terminating", T0)];
const build = (now: Date, cache: RowCache, input = { sessions, snapshot }) =>
  buildSessionRows({
    ...input,
    agents,
    sessionLabelKey: "session",
    now,
    thresholds: defaultDriftThresholds,
    installationId: testInstallationId,
    cache,
  });

describe("buildSessionRows with a row cache", () => {
  it("reuses rows time cannot change, and rebuilds those the clock can", () => {
    const cache: RowCache = new Map();
    const first = build(T0, cache);
    const second = build(later(400), cache);
    expect(second[0]).toBe(first[0]);
    // The terminating session was fine at first and is stuck 400 s later: rebuilt, not reused.
    expect(first[1]!.drift).toEqual([]);
    expect(second[1]!.drift.map((d) => d.driftClass)).toEqual(["stuck-terminating"]);
  });

  it("rebuilds a cached row when its objects change, and forgets sessions that left the view", () => {
    const cache: RowCache = new Map();
    const first = build(T0, cache);
    const replaced = { ...snapshot, pods: [] };
    const second = build(later(1), cache, { sessions, snapshot: replaced });
    expect(second[0]).not.toBe(first[0]);
    expect(second[0]!.pods.state).toBe("absent");
    build(later(2), cache, { sessions: [], snapshot });
    expect(cache.size).toBe(0);
  });

  it("rebuilds a cached row once a kind is unknown, though no object changed", () => {
    // An ended session with nothing left: the same (empty) objects when pods cannot be listed.
    const ended = [sessionInput("s-done", "terminated", T0)];
    const cache: RowCache = new Map();
    const first = build(T0, cache, { sessions: ended, snapshot });
    expect(first[0]!.pods.state).toBe("absent");
    const blind = clusterSnapshot(T0, [objectsFor("s-healthy")], ["pods"]);
    const second = build(later(1), cache, { sessions: ended, snapshot: blind });
    expect(second[0]!.pods.state).toBe("unknown");
    expect(second[0]!.driftUnknown).toEqual(["pods"]);
  });
});
