import type { V1Pod } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { loadFixture, loadRawFixture } from "./fixtures/load";
import { derivePodHealth } from "./pod";
import type { Severity } from "./types";

// 11m24s after the health-fixtures pods were created (04:33:36), 15 min after the sessions pod's deletionTimestamp.
const NOW = new Date("2026-11-28T04:45:00Z");
// 84s after creation: still young for a pod that is starting.
const EARLY = new Date("2026-11-28T04:35:00Z");

interface Case {
  name: string;
  fixture: string;
  now?: Date;
  options?: Parameters<typeof derivePodHealth>[2];
  // The STATUS/READY/RESTARTS columns are what `kubectl get pods` printed for these very objects on the local
  // v1.34 cluster (for edited fixtures: after writing the edited status through the status subresource).
  status: string;
  ready: `${number}/${number}`;
  restarts: number;
  severity: Severity;
  reason?: string;
}

const cases: Case[] = [
  {
    name: "running and ready (real)",
    fixture: "pod-running.json",
    status: "Running",
    ready: "1/1",
    restarts: 0,
    severity: "ok",
  },
  {
    name: "job pod that completed (real, KWOK's pod-complete stage)",
    fixture: "pod-completed.json",
    status: "Completed",
    ready: "0/1",
    restarts: 0,
    severity: "ok",
  },
  {
    name: "unschedulable, young (real)",
    fixture: "pod-pending-unschedulable.json",
    now: EARLY,
    status: "Pending",
    ready: "0/1",
    restarts: 0,
    severity: "info",
    reason:
      "Pending for 1 min: 0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. " +
      "no new claims to deallocate, preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
  },
  {
    name: "unschedulable for 11 min (real)",
    fixture: "pod-pending-unschedulable.json",
    status: "Pending",
    ready: "0/1",
    restarts: 0,
    severity: "warning",
    reason:
      "Pending for 11 min: 0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. " +
      "no new claims to deallocate, preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
  },
  // Edited status: phase Running; conditions Ready/ContainersReady=False (ContainersNotReady) and
  // PodReadyToStartContainers=True added; containerStatuses[0] ready=false, started=false, restartCount=6,
  // state.waiting CrashLoopBackOff with the kubelet's "back-off 5m0s restarting failed container=… pod=…" message,
  // lastState.terminated {exitCode 1, reason Error}.
  {
    name: "CrashLoopBackOff (edited status)",
    fixture: "pod-crashloop.json",
    status: "CrashLoopBackOff",
    ready: "0/1",
    restarts: 6,
    severity: "error",
    reason:
      "CrashLoopBackOff: back-off 5m0s restarting failed container=app " +
      "pod=crashy_health-fixtures(f584951d-1917-48bc-ab9e-fb0a462e4953)",
  },
  // Edited status: phase Pending; Ready/ContainersReady=False (ContainersNotReady), PodReadyToStartContainers=True;
  // containerStatuses[0] ready=false, started=false, state.waiting ImagePullBackOff with the kubelet's
  // `Back-off pulling image "…"` message.
  {
    name: "ImagePullBackOff (edited status)",
    fixture: "pod-imagepullbackoff.json",
    status: "ImagePullBackOff",
    ready: "0/1",
    restarts: 0,
    severity: "error",
    reason: 'ImagePullBackOff: Back-off pulling image "registry.example/web:1.4"',
  },
  // Edited status: as pod-imagepullbackoff.json, but state.waiting ErrImagePull with containerd's NotFound error
  // (the kubelet alternates between the two reasons for the same pod).
  {
    name: "ErrImagePull (edited status)",
    fixture: "pod-errimagepull.json",
    status: "ErrImagePull",
    ready: "0/1",
    restarts: 0,
    severity: "error",
    reason:
      'ErrImagePull: rpc error: code = NotFound desc = failed to pull and unpack image "registry.example/web:1.4": ' +
      'failed to resolve reference "registry.example/web:1.4": registry.example/web:1.4: not found',
  },
  // Edited status: phase Running; Ready/ContainersReady=False (ContainersNotReady); containerStatuses[0]
  // ready=false, started=false, restartCount=3, state.terminated and lastState.terminated {exitCode 137,
  // reason OOMKilled} (the state between an OOM kill and the next restart).
  {
    name: "OOMKilled (edited status)",
    fixture: "pod-oomkilled.json",
    status: "OOMKilled",
    ready: "0/1",
    restarts: 3,
    severity: "error",
    reason: "OOMKilled (exit code 137)",
  },
  // Edited status: Ready/ContainersReady=False (ContainersNotReady) since 04:38:00; containerStatuses[0]
  // ready=false, started=true, still running (its readinessProbe fails). kubectl still prints "Running".
  {
    name: "running but not ready (edited status)",
    fixture: "pod-not-ready.json",
    status: "Running",
    ready: "0/1",
    restarts: 0,
    severity: "warning",
    reason: "not ready for 7 min: containers with unready status: [app]",
  },
  // Edited status: phase Pending; podIP/podIPs removed; PodReadyToStartContainers=False (sandbox not ready);
  // Ready/ContainersReady=False; containerStatuses[0] state.waiting {reason ContainerCreating}.
  {
    name: "ContainerCreating, young (edited status)",
    fixture: "pod-containercreating.json",
    now: EARLY,
    status: "ContainerCreating",
    ready: "0/1",
    restarts: 0,
    severity: "info",
    reason: "ContainerCreating for 1 min",
  },
  {
    name: "ContainerCreating for 11 min (edited status, as above)",
    fixture: "pod-containercreating.json",
    status: "ContainerCreating",
    ready: "0/1",
    restarts: 0,
    severity: "warning",
    reason: "ContainerCreating for 11 min",
  },
  // Edited status (pod has restartPolicy Never): phase Failed; Ready/ContainersReady=False with reason PodFailed;
  // PodReadyToStartContainers=False; containerStatuses[0] state.terminated {exitCode 1, reason Error}.
  {
    name: "Error, pod Failed (edited status)",
    fixture: "pod-error.json",
    status: "Error",
    ready: "0/1",
    restarts: 0,
    severity: "error",
    reason: "Error (exit code 1)",
  },
  // Edited status: phase Pending; Initialized=False (ContainersNotInitialized, "containers with incomplete
  // status: [wait-for-db]"); initContainerStatuses[0] running, ready=false; containerStatuses[0] waiting
  // PodInitializing.
  {
    name: "init container still running (edited status)",
    fixture: "pod-init.json",
    status: "Init:0/1",
    ready: "0/1",
    restarts: 0,
    severity: "warning",
    reason: "Init:0/1 for 11 min: containers with incomplete status: [wait-for-db]",
  },
  {
    name: "finalizer-held Terminating pod from namespace sessions, overdue (real, captured as is)",
    fixture: "pod-terminating-finalizer.json",
    status: "Terminating",
    ready: "1/1",
    restarts: 0,
    severity: "error",
    reason: "Terminating for 15 min, held by finalizer example.com/storage-protection",
  },
  {
    name: "same pod 34s after deletion: within the 60s margin",
    fixture: "pod-terminating-finalizer.json",
    now: new Date("2026-11-28T04:30:20Z"),
    status: "Terminating",
    ready: "1/1",
    restarts: 0,
    severity: "warning",
    reason: "Terminating for 34 s (grace period 0s)",
  },
  {
    name: "same pod 34s after deletion with a 10s margin",
    fixture: "pod-terminating-finalizer.json",
    now: new Date("2026-11-28T04:30:20Z"),
    options: { terminatingMarginSeconds: 10 },
    status: "Terminating",
    ready: "1/1",
    restarts: 0,
    severity: "error",
    reason: "Terminating for 34 s, held by finalizer example.com/storage-protection",
  },
];

describe("derivePodHealth", () => {
  it.each(cases)("$name", (c) => {
    const pod = loadFixture<V1Pod>(c.fixture);
    const health = derivePodHealth(pod, c.now ?? NOW, c.options);
    expect(health.status).toBe(c.status);
    expect(`${health.readyContainers}/${health.totalContainers}`).toBe(c.ready);
    expect(health.restarts).toBe(c.restarts);
    expect(health.severity).toBe(c.severity);
    expect(health.reason).toBe(c.reason);
    expect(health.name).toBe(pod.metadata?.name);
    expect(health.namespace).toBe(pod.metadata?.namespace);
  });

  it("reports the real finalizer-held pod's termination in full", () => {
    const health = derivePodHealth(loadFixture<V1Pod>("pod-terminating-finalizer.json"), NOW);
    expect(health).toMatchObject({
      name: "s-l70avco9fnt7-5474cdc85c-4rsdr",
      namespace: "sessions",
      nodeName: "kwok-node-1",
      phase: "Running",
      ready: true,
      terminating: {
        // deletionGracePeriodSeconds is 0, so deletion was requested at the deletionTimestamp itself.
        since: new Date("2026-11-28T04:29:46Z"),
        ageSeconds: 914,
        gracePeriodSeconds: 0,
        overdue: true,
        finalizers: ["example.com/storage-protection"],
      },
    });
    expect(health.notReadySince).toBeUndefined();
  });

  it("has no termination block for a pod that is not being deleted", () => {
    expect(derivePodHealth(loadFixture<V1Pod>("pod-running.json"), NOW).terminating).toBeUndefined();
  });

  it("describes the containers of a crash-looping pod", () => {
    const health = derivePodHealth(loadFixture<V1Pod>("pod-crashloop.json"), NOW);
    expect(health.ready).toBe(false);
    expect(health.notReadySince).toEqual(new Date("2026-11-28T04:33:47Z"));
    expect(health.containers).toEqual([
      {
        name: "app",
        image: "registry.example/web:1.4",
        ready: false,
        restarts: 6,
        state: "waiting",
        reason: "CrashLoopBackOff",
        message:
          "back-off 5m0s restarting failed container=app pod=crashy_health-fixtures(f584951d-1917-48bc-ab9e-fb0a462e4953)",
        lastTerminationReason: "Error",
      },
    ]);
  });

  it("describes an OOM-killed container as terminated", () => {
    const [container] = derivePodHealth(loadFixture<V1Pod>("pod-oomkilled.json"), NOW).containers;
    expect(container).toMatchObject({
      state: "terminated",
      reason: "OOMKilled",
      lastTerminationReason: "OOMKilled",
    });
  });

  // Edited in the test: status.reason set to NodeLost, which the node lifecycle controller used to set on pods
  // of an unreachable node; kubectl then prints "Unknown" instead of "Terminating".
  it("prints Unknown for a pod deleted on a lost node, still judged by its termination", () => {
    const pod = loadFixture<V1Pod>("pod-terminating-finalizer.json");
    pod.status = { ...pod.status, reason: "NodeLost" };
    const health = derivePodHealth(pod, NOW);
    expect(health.status).toBe("Unknown");
    expect(health.severity).toBe("error");
    expect(health.reason).toBe(
      "Terminating on a lost node for 15 min, held by finalizer example.com/storage-protection",
    );
  });

  // Edited in the test: the finalizer removed, as if the kubelet (not a controller) were what is late.
  it("says how late an overdue pod without finalizers is", () => {
    const pod = loadFixture<V1Pod>("pod-terminating-finalizer.json");
    pod.metadata = { ...pod.metadata, finalizers: [] };
    expect(derivePodHealth(pod, NOW).reason).toBe("Terminating for 15 min, 15 min past its grace period");
  });

  // Edited in the test: restartCount 2 and lastState.terminated {exitCode 137, reason OOMKilled} on the running,
  // ready container, as the kubelet reports it after two OOM kills and a successful restart.
  it("warns about a ready pod that has restarted", () => {
    const pod = loadFixture<V1Pod>("pod-running.json");
    const [status] = pod.status?.containerStatuses ?? [];
    if (!status) throw new Error("fixture has no container status");
    status.restartCount = 2;
    status.lastState = { terminated: { exitCode: 137, reason: "OOMKilled" } };
    const health = derivePodHealth(pod, NOW);
    expect(health).toMatchObject({ status: "Running", restarts: 2, severity: "warning" });
    expect(health.reason).toBe("2 restarts (last: OOMKilled)");
  });

  it("accepts raw JSON whose timestamps are still strings", () => {
    const raw = loadRawFixture("pod-terminating-finalizer.json") as V1Pod;
    const typed = loadFixture<V1Pod>("pod-terminating-finalizer.json");
    expect(derivePodHealth(raw, NOW)).toEqual(derivePodHealth(typed, NOW));
  });

  it("is pure: same input, same output, input untouched", () => {
    const pod = loadFixture<V1Pod>("pod-crashloop.json");
    const before = structuredClone(pod);
    const first = derivePodHealth(pod, NOW);
    expect(derivePodHealth(pod, NOW)).toEqual(first);
    expect(pod).toEqual(before);
  });
});
