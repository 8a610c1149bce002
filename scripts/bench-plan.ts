/**
 * `npm run bench:plan`: planning alone, in a fresh process, over a synthetic snapshot shaped like
 * the local cluster's (BENCH_SESSIONS sessions, default 10,000; a Deployment, a Service, an
 * EndpointSlice and a Pod each, copied from the saved fixtures), spread over BENCH_CLUSTERS
 * clusters (default 1; `BENCH_SESSIONS=50000 BENCH_CLUSTERS=5` is the issue's largest point). No database, no cluster: it
 * isolates the pure planner so a change to it can be measured in seconds. The first pass is the
 * cold one (nothing compiled yet), as after a restart; p95 over 15 passes includes it. The objects'
 * health is derived before, as the app's observer derives it when they arrive.
 * `bench:reconcile` measures the same over the real cluster's objects. Figures, not assertions.
 */
import type { V1Deployment, V1EndpointSlice, V1Pod, V1Service } from "@kubernetes/client-node";
import { loadFixture } from "@/lib/health/fixtures/load";
import { deriveSessionDeployment } from "@/lib/k8s/model/session-manifests";
import { deriveSessionLabels } from "@/lib/k8s/model/labels";
import { observedKinds, type ClusterSnapshot } from "@/lib/k8s/model/snapshot";
import { prepareObservedHealth } from "@/lib/drift/observed-health";
import type { DriftAgent } from "@/lib/drift/classify";
import { parseEnv } from "@/lib/config/env";
import { planAcrossClusters, type ClusterPlanSession } from "@/lib/reconcile/clusters";
import { deriveReconcilePolicy } from "@/lib/reconcile/policy";
import { measurePlanPasses, printPlanFigures } from "./support/plan-figures";

const total = Number(process.env.BENCH_SESSIONS ?? 10_000);
const clusterCount = Number(process.env.BENCH_CLUSTERS ?? 1);
const clusterOf = (i: number) => `bench-${i % clusterCount}`;
const installation = "sr-bench";
const namespace = "sr-bench";
const now = new Date();
const sessionId = (i: number) => `s-bench${String(i).padStart(7, "0")}`;

function relabel<T extends { metadata?: { labels?: Record<string, string>; name?: string; uid?: string } }>(
  template: T,
  labels: Record<string, string>,
  name: string,
  uid: string,
): T {
  const copy = structuredClone(template);
  copy.metadata = { ...copy.metadata, name, uid, labels: { ...copy.metadata?.labels, ...labels } };
  return copy;
}

/** Cluster `c`'s objects: those of the sessions i with clusterOf(i) = c. */
function syntheticSnapshot(c: string): ClusterSnapshot {
  const pod = loadFixture<V1Pod>("sessions-pod-running.json");
  const service = loadFixture<V1Service>("sessions-service.json");
  const slice = loadFixture<V1EndpointSlice>("sessions-endpointslice.json");
  const deployments: V1Deployment[] = [];
  const services: V1Service[] = [];
  const endpointSlices: V1EndpointSlice[] = [];
  const pods: V1Pod[] = [];
  for (let i = 0; i < total; i++) {
    if (clusterOf(i) !== c) continue;
    const id = sessionId(i);
    const labels = deriveSessionLabels({
      sessionLabelKey: "session",
      installation,
      sessionId: id,
      agentId: `bench-agent-${i % 2}`,
    });
    const deployment = deriveSessionDeployment({
      sessionId: id,
      namespace,
      image: "registry.example/bench:1",
      sessionLabelKey: "session",
      labels,
    });
    deployment.metadata = {
      ...deployment.metadata,
      uid: `d-${i}`,
      creationTimestamp: new Date(now.getTime() - 7_200_000),
    };
    deployment.status = {
      replicas: 1,
      readyReplicas: 1,
      availableReplicas: 1,
      updatedReplicas: 1,
      observedGeneration: 1,
    };
    deployments.push(deployment);
    services.push(relabel(service, labels, id, `s-${i}`));
    endpointSlices.push(relabel(slice, labels, `${id}-abcde`, `e-${i}`));
    pods.push(relabel(pod, labels, `${id}-5474cdc85c-z4km8`, `p-${i}`));
  }
  const synced = (kind: keyof ClusterSnapshot["kinds"], count: number) =>
    ({ kind, state: "synced", syncedAt: now, mode: "watch", count }) as const;
  return {
    observedAt: now,
    kinds: {
      deployments: synced("deployments", deployments.length),
      services: synced("services", services.length),
      endpointSlices: synced("endpointSlices", endpointSlices.length),
      pods: synced("pods", pods.length),
    },
    deployments,
    services,
    endpointSlices,
    pods,
  };
}

function main() {
  const clusters = Array.from({ length: clusterCount }, (_, c) => ({
    cluster: `bench-${c}`,
    snapshot: syntheticSnapshot(`bench-${c}`),
  }));
  // As bench:reconcile seeds it: one in ten stuck in terminating; agent 0 gone for an hour (its
  // sessions all drift), agent 1 connected (its running sessions are quiet).
  const sessions: ClusterPlanSession[] = Array.from({ length: total }, (_, i) => ({
    id: sessionId(i),
    state: i % 10 === 0 ? "terminating" : "running",
    stateChangedAt: new Date(now.getTime() - (i % 10 === 0 ? 1_800_000 : 3_600_000)),
    agentId: `bench-agent-${i % 2}`,
    namespace,
    cluster: clusterOf(i),
  }));
  const gone = new Date(now.getTime() - 3_600_000);
  const agents = new Map<string, DriftAgent>([
    [
      "bench-agent-0",
      { id: "bench-agent-0", approvalStatus: "approved", connection: { connected: false, since: gone } },
    ],
    [
      "bench-agent-1",
      { id: "bench-agent-1", approvalStatus: "approved", connection: { connected: true, since: gone } },
    ],
  ]);
  const env = parseEnv({ DATABASE_URL: "postgres://unused/db", INSTALLATION_NAME: installation });
  const base = deriveReconcilePolicy(env, "bench-installation");
  const policy = { ...base, modes: { ...base.modes, "agent-lost": "manual" as const } };
  // As the app's observer does when the objects arrive from the watch (not part of a pass).
  for (const { snapshot } of clusters)
    for (const kind of observedKinds)
      for (const object of snapshot[kind]) prepareObservedHealth(kind, object, now, 60);
  const figures = measurePlanPasses((quietByCluster) =>
    planAcrossClusters({
      clusters,
      sessions,
      resolveCluster: (cluster) => cluster,
      agents,
      stopHistory: new Map(),
      now,
      policy,
      quietByCluster,
    }),
  );
  printPlanFigures(
    `planning benchmark (synthetic): ${total} sessions, ${total * 4} objects, over ${clusterCount} cluster(s)`,
    figures,
  );
}

main();
