import type { V1Deployment, V1EndpointSlice, V1Pod, V1Service } from "@kubernetes/client-node";
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { deriveDeploymentHealth, derivePodHealth, deriveServiceHealth } from "@/lib/health";
import { loadFixture } from "@/lib/health/fixtures/load";
import { trimObject } from "./trim";

const NOW = new Date("2026-11-28T05:00:00Z");
const fixtures = readdirSync(new URL("../../health/fixtures/", import.meta.url)).filter((f) =>
  f.endsWith(".json"),
);
const trimmed = <T extends object>(kind: Parameters<typeof trimObject>[0], object: T): T =>
  trimObject(kind, structuredClone(object) as never) as T;

// Trimming must never change a judgement: every health derivation gives the same answer on the
// trimmed object as on the full one, for every real object we saved from the cluster.
describe("trimObject keeps what health needs", () => {
  it.each(fixtures.filter((f) => f.startsWith("pod-") || f.startsWith("sessions-pod")))("pod %s", (file) => {
    const pod = loadFixture<V1Pod>(file);
    expect(derivePodHealth(trimmed("pods", pod), NOW)).toEqual(derivePodHealth(pod, NOW));
    expect(trimmed("pods", pod).metadata?.managedFields).toBeUndefined();
  });

  it.each(fixtures.filter((f) => f.startsWith("deployment-")))("deployment %s", (file) => {
    const deployment = loadFixture<V1Deployment>(file);
    expect(deriveDeploymentHealth(trimmed("deployments", deployment))).toEqual(
      deriveDeploymentHealth(deployment),
    );
  });

  it.each(fixtures.filter((f) => f.startsWith("service-") || f === "sessions-service.json"))(
    "service %s",
    (file) => {
      const service = loadFixture<V1Service>(file);
      const pods = fixtures
        .filter((f) => f.startsWith("pod-") || f.startsWith("sessions-pod"))
        .map((f) => loadFixture<V1Pod>(f));
      const slices = fixtures
        .filter((f) => f.includes("endpointslice"))
        .map((f) => loadFixture<V1EndpointSlice>(f));
      expect(
        deriveServiceHealth(
          trimmed("services", service),
          pods.map((p) => trimmed("pods", p)),
          slices.map((s) => trimmed("endpointSlices", s)),
        ),
      ).toEqual(deriveServiceHealth(service, pods, slices));
    },
  );
});

describe("trimObject keeps the marks the planner reads", () => {
  it("keeps the installation id and the quarantine marks, drops other annotations", () => {
    const deployment = structuredClone(
      loadFixture<V1Deployment>(fixtures.find((f) => f.startsWith("deployment-"))!),
    );
    deployment.metadata = {
      ...deployment.metadata,
      annotations: {
        "session-reconciler.io/installation-id": "id-1",
        "session-reconciler.io/quarantine-until": "2026-12-04T04:00:00.000Z",
        "session-reconciler.io/restored-at": "2026-12-04T03:00:00.000Z",
        "deployment.kubernetes.io/revision": "3",
      },
    };
    expect(trimmed("deployments", deployment).metadata?.annotations).toEqual({
      "session-reconciler.io/installation-id": "id-1",
      "session-reconciler.io/quarantine-until": "2026-12-04T04:00:00.000Z",
      "session-reconciler.io/restored-at": "2026-12-04T03:00:00.000Z",
    });
  });
});
