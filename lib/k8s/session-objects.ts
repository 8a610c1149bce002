import { AppsV1Api, CoreV1Api, type KubeConfig } from "@kubernetes/client-node";
import { deriveSessionDeployment, deriveSessionService, type SessionObjectSpec } from "./session-manifests";

/** The HTTP status of a client-node error, if it has one. */
export function statusOf(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "number" ? code : undefined;
}

async function ignoring<T>(statuses: number[], call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    if (statuses.includes(statusOf(error) ?? 0)) return undefined;
    throw error;
  }
}

/**
 * Creates a session's namespace (if missing), Deployment and Service. Objects that already exist
 * count as created, so a retried start is harmless.
 */
export async function createSessionObjects(kubeConfig: KubeConfig, spec: SessionObjectSpec): Promise<void> {
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const apps = kubeConfig.makeApiClient(AppsV1Api);
  // 403: an agent granted only a Role in its namespaces may not create namespaces; they exist.
  await ignoring([409, 403], () => core.createNamespace({ body: { metadata: { name: spec.namespace } } }));
  await ignoring([409], () =>
    apps.createNamespacedDeployment({ namespace: spec.namespace, body: deriveSessionDeployment(spec) }),
  );
  await ignoring([409], () =>
    core.createNamespacedService({ namespace: spec.namespace, body: deriveSessionService(spec) }),
  );
}

/**
 * Deletes a session's Deployment (its pods follow through garbage collection) and Service.
 * NotFound counts as deleted. Returns what was actually deleted.
 */
export async function deleteSessionObjects(
  kubeConfig: KubeConfig,
  target: { namespace: string; name: string },
): Promise<{ deployment: boolean; service: boolean }> {
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const apps = kubeConfig.makeApiClient(AppsV1Api);
  const deployment = await ignoring([404], () =>
    apps.deleteNamespacedDeployment({
      name: target.name,
      namespace: target.namespace,
      propagationPolicy: "Background",
    }),
  );
  const service = await ignoring([404], () =>
    core.deleteNamespacedService({ name: target.name, namespace: target.namespace }),
  );
  return { deployment: deployment !== undefined, service: service !== undefined };
}

/** Session ids of the Deployments carrying `labelSelector`, in all namespaces: one list call. */
export async function listSessionIdsByDeployment(
  kubeConfig: KubeConfig,
  input: { labelSelector: string; sessionLabelKey: string },
): Promise<string[]> {
  const apps = kubeConfig.makeApiClient(AppsV1Api);
  const list = await apps.listDeploymentForAllNamespaces({ labelSelector: input.labelSelector });
  const ids = list.items
    .map((d) => d.metadata?.labels?.[input.sessionLabelKey])
    .filter((id): id is string => !!id);
  return [...new Set(ids)].sort();
}
