import type { V1ContainerStatus, V1Pod, V1PodStatus } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { loadFixture } from "./fixtures/load";
import { derivePodStatus } from "./pod-status";

/**
 * Branches of kubectl's printPod that the saved fixtures do not reach. Each case starts from a real captured pod
 * and edits only its status (and, for init/sidecar cases, adds the matching spec.initContainers entry), in the
 * shapes the kubelet reports.
 */
const base = () => loadFixture<V1Pod>("pod-running.json");
const appStatus = (overrides: Partial<V1ContainerStatus>): V1ContainerStatus => ({
  name: "app",
  image: "registry.example/web:1.4",
  imageID: "",
  ready: false,
  restartCount: 0,
  ...overrides,
});
const notInitialized = [{ type: "Initialized", status: "False", reason: "ContainersNotInitialized" }];
const withStatus = (
  patch: Partial<V1PodStatus>,
  initContainers?: { name: string; restartPolicy?: string }[],
) => {
  const pod = base();
  pod.status = { ...pod.status, ...patch };
  if (initContainers && pod.spec) {
    pod.spec.initContainers = initContainers.map((c) => ({ ...c, image: "registry.example/busybox:1.36" }));
  }
  return pod;
};

describe("derivePodStatus", () => {
  it.each([
    {
      name: "terminated without a reason: exit code",
      pod: () => withStatus({ containerStatuses: [appStatus({ state: { terminated: { exitCode: 3 } } })] }),
      status: "ExitCode:3",
    },
    {
      name: "terminated without a reason: signal",
      pod: () =>
        withStatus({
          containerStatuses: [appStatus({ state: { terminated: { exitCode: 137, signal: 9 } } })],
        }),
      status: "Signal:9",
    },
    {
      name: "init container crash-looping",
      pod: () =>
        withStatus(
          {
            phase: "Pending",
            conditions: notInitialized,
            initContainerStatuses: [
              appStatus({
                name: "migrate",
                restartCount: 4,
                state: {
                  waiting: { reason: "CrashLoopBackOff", message: "back-off 1m20s restarting failed" },
                },
              }),
            ],
            containerStatuses: [appStatus({ state: { waiting: { reason: "PodInitializing" } } })],
          },
          [{ name: "migrate" }],
        ),
      status: "Init:CrashLoopBackOff",
      restarts: 4,
    },
    {
      name: "init container failed without a reason",
      pod: () =>
        withStatus(
          {
            phase: "Pending",
            conditions: notInitialized,
            initContainerStatuses: [appStatus({ name: "migrate", state: { terminated: { exitCode: 2 } } })],
          },
          [{ name: "migrate" }],
        ),
      status: "Init:ExitCode:2",
    },
    {
      name: "second of two init containers running",
      pod: () =>
        withStatus(
          {
            phase: "Pending",
            conditions: notInitialized,
            initContainerStatuses: [
              appStatus({ name: "one", state: { terminated: { exitCode: 0, reason: "Completed" } } }),
              appStatus({ name: "two", state: { running: {} } }),
            ],
          },
          [{ name: "one" }, { name: "two" }],
        ),
      status: "Init:1/2",
    },
    {
      name: "started sidecar counts towards READY",
      pod: () =>
        withStatus(
          {
            initContainerStatuses: [
              appStatus({
                name: "proxy",
                ready: true,
                started: true,
                restartCount: 1,
                state: { running: {} },
              }),
            ],
          },
          [{ name: "proxy", restartPolicy: "Always" }],
        ),
      status: "Running",
      ready: "2/2",
      restarts: 1,
    },
    {
      name: "one container completed while another still runs, pod Ready",
      pod: () =>
        withStatus({
          containerStatuses: [
            appStatus({ ready: true, state: { running: {} } }),
            appStatus({ name: "job", state: { terminated: { exitCode: 0, reason: "Completed" } } }),
          ],
        }),
      status: "Running",
      ready: "1/1",
    },
    {
      name: "one container completed while another still runs, pod not Ready",
      pod: () =>
        withStatus({
          conditions: [{ type: "Ready", status: "False" }],
          containerStatuses: [
            appStatus({ ready: true, state: { running: {} } }),
            appStatus({ name: "job", state: { terminated: { exitCode: 0, reason: "Completed" } } }),
          ],
        }),
      status: "NotReady",
      ready: "1/1",
    },
    {
      name: "scheduling gated",
      pod: () =>
        withStatus({
          phase: "Pending",
          conditions: [{ type: "PodScheduled", status: "False", reason: "SchedulingGated" }],
          containerStatuses: [],
        }),
      status: "SchedulingGated",
      ready: "0/1",
    },
    {
      name: "evicted: the pod-level reason replaces the phase",
      pod: () =>
        withStatus({
          phase: "Failed",
          reason: "Evicted",
          message: "The node was low on resource: memory.",
          conditions: [],
          containerStatuses: [],
        }),
      status: "Evicted",
      ready: "0/1",
    },
    {
      name: "evicted: a container's terminated reason still wins, as in kubectl",
      pod: () =>
        withStatus({
          phase: "Failed",
          reason: "Evicted",
          containerStatuses: [
            appStatus({ state: { terminated: { exitCode: 137, reason: "ContainerStatusUnknown" } } }),
          ],
        }),
      status: "ContainerStatusUnknown",
    },
  ])("$name", ({ pod, status, ready, restarts }) => {
    const printed = derivePodStatus(pod());
    expect(printed.status).toBe(status);
    if (ready) expect(`${printed.readyContainers}/${printed.totalContainers}`).toBe(ready);
    expect(printed.restarts).toBe(restarts ?? 0);
  });
});
