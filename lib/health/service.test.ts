import type { V1EndpointSlice, V1Pod, V1Service } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { loadFixture } from "./fixtures/load";
import { deriveServiceHealth } from "./service";
import type { ServiceHealth } from "./types";

// Services and EndpointSlices are real and captured as is. The pods are every pod fixture (several have edited
// statuses, see pod.test.ts; the service code only reads their namespace, labels and deletionTimestamp).
const pods = [
  "pod-running.json",
  "pod-completed.json",
  "pod-pending-unschedulable.json",
  "pod-crashloop.json",
  "pod-imagepullbackoff.json",
  "pod-oomkilled.json",
  "pod-not-ready.json",
  "pod-containercreating.json",
  "pod-error.json",
  "pod-init.json",
  "pod-terminating-finalizer.json",
  "sessions-pod-running.json",
].map((file) => loadFixture<V1Pod>(file));

// Slices of both namespaces, so the label and namespace filters are exercised.
const slices = [
  "endpointslice-web.json",
  "endpointslice-stuck.json",
  "endpointslice-orphan.json",
  "sessions-endpointslice.json",
].map((file) => loadFixture<V1EndpointSlice>(file));

const cases: {
  title: string;
  service: string;
  slices: V1EndpointSlice[] | undefined;
  expected: ServiceHealth;
}[] = [
  {
    title: "selects a ready pod",
    service: "service-web.json",
    slices,
    expected: {
      name: "web",
      namespace: "health-fixtures",
      selector: { app: "web" },
      matchingPods: 1,
      readyEndpoints: 1,
      severity: "ok",
    },
  },
  {
    // The only selected pod is unschedulable, so the slice controller published a slice with `endpoints: null`.
    title: "selects a pod that is not ready",
    service: "service-stuck.json",
    slices,
    expected: {
      name: "stuck",
      namespace: "health-fixtures",
      selector: { app: "stuck" },
      matchingPods: 1,
      readyEndpoints: 0,
      severity: "error",
      reason: "no ready endpoints (1 matching pod, none ready)",
    },
  },
  {
    title: "selector matches nothing",
    service: "service-orphan.json",
    slices,
    expected: {
      name: "orphan",
      namespace: "health-fixtures",
      selector: { app: "nothing-has-this-label" },
      matchingPods: 0,
      readyEndpoints: 0,
      severity: "error",
      reason: "no ready endpoints (selector matches no pods)",
    },
  },
  {
    title: "selector matches nothing, slices unknown",
    service: "service-orphan.json",
    slices: undefined,
    expected: {
      name: "orphan",
      namespace: "health-fixtures",
      selector: { app: "nothing-has-this-label" },
      matchingPods: 0,
      readyEndpoints: undefined,
      severity: "warning",
      reason: "selector matches no pods",
    },
  },
  {
    title: "selects a pod, slices unknown: judged on the selector alone",
    service: "service-stuck.json",
    slices: undefined,
    expected: {
      name: "stuck",
      namespace: "health-fixtures",
      selector: { app: "stuck" },
      matchingPods: 1,
      readyEndpoints: undefined,
      severity: "ok",
    },
  },
  {
    title: "no selector",
    service: "service-external-db.json",
    slices,
    expected: {
      name: "external-db",
      namespace: "health-fixtures",
      selector: {},
      matchingPods: 0,
      readyEndpoints: 0,
      severity: "info",
      reason: "no selector (endpoints managed externally)",
    },
  },
  {
    // Namespace sessions: one pod is held in Terminating by a finalizer (its endpoint is ready=false,
    // terminating=true), the other serves. The terminating pod counts neither as a match nor as ready.
    title: "one terminating and one ready pod (namespace sessions)",
    service: "sessions-service.json",
    slices,
    expected: {
      name: "s-l70avco9fnt7",
      namespace: "sessions",
      selector: { session: "s-l70avco9fnt7" },
      matchingPods: 1,
      readyEndpoints: 1,
      severity: "ok",
    },
  },
];

describe("deriveServiceHealth", () => {
  it.each(cases)("$title", ({ service, slices: serviceSlices, expected }) => {
    expect(deriveServiceHealth(loadFixture<V1Service>(service), pods, serviceSlices)).toEqual(expected);
  });

  it("ignores pods and slices of other namespaces", () => {
    const sessionsOnly = pods.filter((pod) => pod.metadata?.namespace === "sessions");
    const sessionSlices = slices.filter((slice) => slice.metadata?.namespace === "sessions");
    const health = deriveServiceHealth(
      loadFixture<V1Service>("service-web.json"),
      sessionsOnly,
      sessionSlices,
    );
    expect(health).toMatchObject({ matchingPods: 0, readyEndpoints: 0, severity: "error" });
  });

  // Edited in the test: the ready endpoint copied into a second slice, as the controller may briefly publish it
  // while rebalancing slices, and into an IPv6 slice, as for a dual-stack service.
  it("counts an endpoint once across duplicate and dual-stack slices", () => {
    const [web] = slices;
    if (!web) throw new Error("missing fixture");
    const duplicate = { ...web, metadata: { ...web.metadata, name: "web-dup" } };
    const ipv6 = {
      ...web,
      addressType: "IPv6",
      metadata: { ...web.metadata, name: "web-v6" },
      endpoints: web.endpoints.map((endpoint) => ({ ...endpoint, addresses: ["fd00::19"] })),
    };
    const health = deriveServiceHealth(loadFixture<V1Service>("service-web.json"), pods, [
      web,
      duplicate,
      ipv6,
    ]);
    expect(health.readyEndpoints).toBe(1);
  });

  // Edited in the test: conditions.ready removed; the API says an unset value means ready.
  it("counts an endpoint whose ready condition is unset as ready", () => {
    const [web] = slices;
    if (!web) throw new Error("missing fixture");
    const unset = { ...web, endpoints: web.endpoints.map((endpoint) => ({ ...endpoint, conditions: {} })) };
    expect(
      deriveServiceHealth(loadFixture<V1Service>("service-web.json"), pods, [unset]).readyEndpoints,
    ).toBe(1);
  });
});
