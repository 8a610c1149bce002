import type { V1Deployment, V1Pod } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import type { DriftAgent } from "@/lib/drift/classify";
import { defaultDriftThresholds } from "@/lib/drift/types";
import { loadFixture } from "@/lib/health/fixtures/load";
import { observedKinds, type ClusterSnapshot } from "@/lib/k8s/snapshot";
import { buildSessionRows, type RowCache, type SessionInput } from "./session-rows";

const T0 = new Date("2026-11-28T05:00:00Z");
const later = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

// Real objects from the local cluster, relabelled for two sessions.
function objectsFor(id: string) {
  const pod = structuredClone(loadFixture<V1Pod>("sessions-pod-running.json"));
  pod.metadata = { ...pod.metadata, name: `${id}-pod`, labels: { session: id } };
  const deployment = structuredClone(loadFixture<V1Deployment>("deployment-web.json"));
  deployment.metadata = { ...deployment.metadata, name: id, labels: { session: id } };
  return { pod, deployment };
}
const a = objectsFor("s-healthy");
const snapshot: ClusterSnapshot = {
  observedAt: T0,
  kinds: Object.fromEntries(
    observedKinds.map((kind) => [kind, { kind, state: "synced", syncedAt: T0, mode: "watch", count: 0 }]),
  ) as ClusterSnapshot["kinds"],
  deployments: [a.deployment],
  services: [],
  endpointSlices: [],
  pods: [a.pod],
};
const agents = new Map<string, DriftAgent>([
  ["agent-a", { id: "agent-a", approvalStatus: "approved", connection: { connected: true, since: T0 } }],
]);
const sessions: SessionInput[] = [
  {
    id: "s-healthy",
    userId: "u",
    namespace: "sessions",
    agentId: "agent-a",
    state: "running",
    stateChangedAt: T0,
  },
  {
    id: "s-ending",
    userId: "u",
    namespace: "sessions",
    agentId: "agent-a",
    state: "terminating",
    stateChangedAt: T0,
  },
];
const build = (now: Date, cache: RowCache, input = { sessions, snapshot }) =>
  buildSessionRows({
    ...input,
    agents,
    sessionLabelKey: "session",
    now,
    thresholds: defaultDriftThresholds,
    installationId: "00000000-0000-4000-8000-000000000001",
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
});
