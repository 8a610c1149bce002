import type { V1Deployment } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { deriveDeploymentHealth } from "./deployment";
import { loadFixture } from "./fixtures/load";
import type { DeploymentHealth } from "./types";

// All fixtures are real Deployments from the local cluster, captured as is (managedFields stripped).
type Case = { title: string; fixture: string } & Omit<DeploymentHealth, "conditions" | "namespace">;

const cases: Case[] = [
  {
    title: "every replica available",
    name: "web",
    fixture: "deployment-web.json",
    desired: 1,
    ready: 1,
    available: 1,
    updated: 1,
    severity: "ok",
    progressDeadlineExceeded: false,
  },
  {
    title: "scaled to zero on purpose",
    name: "idle",
    fixture: "deployment-idle.json",
    desired: 0,
    ready: 0,
    available: 0,
    updated: 0,
    severity: "info",
    reason: "scaled to zero",
    progressDeadlineExceeded: false,
  },
  {
    // 4 replicas with required pod anti-affinity on 3 nodes: the 4th stays Pending, the rollout still progresses.
    title: "fewer available than desired",
    name: "spread",
    fixture: "deployment-spread.json",
    desired: 4,
    ready: 3,
    available: 3,
    updated: 4,
    severity: "warning",
    reason: "3/4 available",
    progressDeadlineExceeded: false,
  },
  {
    // Its pod's nodeSelector matches no node and progressDeadlineSeconds is 15: the controller gave up.
    title: "progress deadline exceeded",
    name: "stuck",
    fixture: "deployment-stuck.json",
    desired: 1,
    ready: 0,
    available: 0,
    updated: 1,
    severity: "error",
    reason:
      '0/1 available; ProgressDeadlineExceeded: ReplicaSet "stuck-84cfc9c54b" has timed out progressing.',
    progressDeadlineExceeded: true,
  },
  {
    // A ResourceQuota allows 0 non-BestEffort pods; the ReplicaSet's creates are refused.
    title: "replica failure",
    name: "quota-blocked",
    fixture: "deployment-quota-blocked.json",
    desired: 1,
    ready: 0,
    available: 0,
    updated: 0,
    severity: "error",
    reason:
      '0/1 available; FailedCreate: pods "quota-blocked-554b975956-tl6h7" is forbidden: exceeded quota: ' +
      "no-burstable-pods, requested: pods=1, used: pods=0, limited: pods=0",
    progressDeadlineExceeded: false,
  },
];

describe("deriveDeploymentHealth", () => {
  it.each(cases)("$title", ({ title: _title, fixture, ...expected }) => {
    const {
      conditions: _conditions,
      namespace,
      ...health
    } = deriveDeploymentHealth(loadFixture<V1Deployment>(fixture));
    expect(health).toEqual(expected);
    expect(namespace).toBe("health-fixtures");
  });

  it("keeps the conditions with their times", () => {
    const { conditions } = deriveDeploymentHealth(loadFixture<V1Deployment>("deployment-stuck.json"));
    expect(conditions).toEqual([
      {
        type: "Available",
        status: "False",
        reason: "MinimumReplicasUnavailable",
        message: "Deployment does not have minimum availability.",
        lastTransitionTime: new Date("2026-11-28T04:33:36Z"),
      },
      {
        type: "Progressing",
        status: "False",
        reason: "ProgressDeadlineExceeded",
        message: 'ReplicaSet "stuck-84cfc9c54b" has timed out progressing.',
        lastTransitionTime: new Date("2026-11-28T04:33:52Z"),
      },
    ]);
  });

  // Edited in the test: spec.replicas removed; the API server would default it to 1.
  it("treats a missing spec.replicas as 1", () => {
    const deployment = loadFixture<V1Deployment>("deployment-web.json");
    if (deployment.spec) delete deployment.spec.replicas;
    expect(deriveDeploymentHealth(deployment)).toMatchObject({ desired: 1, severity: "ok" });
  });

  it("is pure: same input, same output, input untouched", () => {
    const deployment = loadFixture<V1Deployment>("deployment-quota-blocked.json");
    const before = structuredClone(deployment);
    expect(deriveDeploymentHealth(deployment)).toEqual(deriveDeploymentHealth(deployment));
    expect(deployment).toEqual(before);
  });
});
