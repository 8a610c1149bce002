import type { V1EndpointSlice, V1Pod, V1Service } from "@kubernetes/client-node";
import type { Severity, ServiceHealth } from "./types";

/** The label the EndpointSlice controller puts on every slice it manages for a Service. */
const SERVICE_NAME_LABEL = "kubernetes.io/service-name";

/**
 * Health of one Service: does its selector find pods, and do its EndpointSlices hold ready endpoints?
 *
 * `pods` may span namespaces; only the service's namespace counts. `endpointSlices` is `undefined` when they
 * could not be listed: then readiness is unknown and only the selector is judged, instead of guessing "no
 * endpoints".
 *
 * - info: no selector, the endpoints are managed by someone else (or an ExternalName service);
 * - error: the slices are known and hold no ready endpoint, so traffic to the service fails;
 * - warning: slices unknown and the selector matches no pod;
 * - ok otherwise.
 */
export function deriveServiceHealth(
  service: V1Service,
  pods: V1Pod[],
  endpointSlices: V1EndpointSlice[] | undefined,
): ServiceHealth {
  const name = service.metadata?.name ?? "";
  const namespace = service.metadata?.namespace ?? "";
  const selector = { ...(service.spec?.selector ?? {}) };
  const hasSelector = Object.keys(selector).length > 0;
  // An empty selector selects nothing for a Service (unlike a LabelSelector): no endpoints are managed for it.
  const matchingPods = hasSelector
    ? pods.filter(
        (pod) =>
          pod.metadata?.namespace === namespace &&
          !pod.metadata.deletionTimestamp &&
          matchesSelector(pod.metadata.labels ?? {}, selector),
      ).length
    : 0;
  const readyEndpoints =
    endpointSlices === undefined ? undefined : deriveReadyEndpoints(name, namespace, endpointSlices);

  const base = { name, namespace, selector, matchingPods, readyEndpoints };
  const { severity, reason } = classify(service, hasSelector, matchingPods, readyEndpoints);
  return { ...base, severity, ...(reason ? { reason } : {}) };
}

function classify(
  service: V1Service,
  hasSelector: boolean,
  matchingPods: number,
  readyEndpoints: number | undefined,
): { severity: Severity; reason?: string } {
  if (service.spec?.type === "ExternalName") {
    return { severity: "info", reason: `ExternalName service (${service.spec.externalName ?? "no name"})` };
  }
  if (!hasSelector) return { severity: "info", reason: "no selector (endpoints managed externally)" };
  if (readyEndpoints !== undefined) {
    if (readyEndpoints > 0) return { severity: "ok" };
    const why =
      matchingPods === 0
        ? "selector matches no pods"
        : `${matchingPods} matching ${matchingPods === 1 ? "pod" : "pods"}, none ready`;
    return { severity: "error", reason: `no ready endpoints (${why})` };
  }
  if (matchingPods === 0) return { severity: "warning", reason: "selector matches no pods" };
  return { severity: "ok" };
}

/**
 * Ready endpoints of a Service across its EndpointSlices.
 *
 * `conditions.ready` unset means ready: "nil should be interpreted as true" (discovery/v1 EndpointConditions,
 * https://kubernetes.io/docs/concepts/services-networking/endpoint-slices/#conditions).
 * An endpoint may briefly sit in two slices while the controller rebalances, so endpoints are counted once per
 * pod (targetRef uid, else addresses). A dual-stack service has one set of slices per address family listing
 * the same pods, so the families are not added up: the best-served family is the answer.
 */
function deriveReadyEndpoints(name: string, namespace: string, slices: V1EndpointSlice[]): number {
  const readyByFamily = new Map<string, Set<string>>();
  for (const slice of slices) {
    if (slice.metadata?.namespace !== namespace || slice.metadata.labels?.[SERVICE_NAME_LABEL] !== name)
      continue;
    const ready = readyByFamily.get(slice.addressType) ?? new Set<string>();
    readyByFamily.set(slice.addressType, ready);
    // Real slices without endpoints carry `"endpoints": null`.
    for (const endpoint of slice.endpoints ?? []) {
      if (endpoint.conditions?.ready === false) continue;
      ready.add(endpoint.targetRef?.uid ?? endpoint.addresses.join(","));
    }
  }
  return Math.max(0, ...[...readyByFamily.values()].map((ready) => ready.size));
}

function matchesSelector(labels: Record<string, string>, selector: Record<string, string>): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}
