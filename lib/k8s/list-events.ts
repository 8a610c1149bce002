import { CoreV1Api, type CoreV1Event, type KubeConfig } from "@kubernetes/client-node";
import { withTimeout } from "./timeout";

/** The most Events one view reads: one page of one list call, never a walk through the namespace. */
export const SESSION_EVENTS_LIMIT = 200;
/** A page waits at most this for its Events: a slow API server delays the page this much, no more. */
export const SESSION_EVENTS_TIMEOUT_MS = 5_000;

/**
 * One `list` of core/v1 Events in `namespace`, capped at {@link SESSION_EVENTS_LIMIT}. `truncated`:
 * the namespace holds more (the API server pages by name, so older or other objects' Events may be
 * among the ones not read). The caller filters to its objects and age (deriveSessionEvents).
 */
export async function listNamespaceEvents(
  kubeConfig: KubeConfig,
  namespace: string,
): Promise<{ events: CoreV1Event[]; truncated: boolean }> {
  const list = await withTimeout(
    kubeConfig.makeApiClient(CoreV1Api).listNamespacedEvent({ namespace, limit: SESSION_EVENTS_LIMIT }),
    SESSION_EVENTS_TIMEOUT_MS,
    `list events in ${namespace}`,
  );
  return { events: list.items, truncated: !!list.metadata?._continue };
}
