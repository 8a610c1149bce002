import { AppsV1Api, CoreV1Api, type KubeConfig } from "@kubernetes/client-node";
import {
  deriveSessionDeployment,
  deriveSessionService,
  type SessionObjectSpec,
} from "./model/session-manifests";

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

/** Whether an object's labels carry every `key=value` of `required`. */
const carries = (labels: Record<string, string> | undefined, required: Record<string, string>) =>
  Object.entries(required).every(([key, value]) => labels?.[key] === value);

/** An object under a session's name that is not that session's: never adopted, never deleted. */
export class ForeignObjectError extends Error {
  override name = "ForeignObjectError";
}

/**
 * Creates a session's namespace (if missing), Deployment and Service. An object that already
 * exists counts as created only when it is this session's (it carries all of the session's
 * labels), so a retried start is harmless and someone else's object is never taken for ours.
 */
export async function createSessionObjects(kubeConfig: KubeConfig, spec: SessionObjectSpec): Promise<void> {
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const apps = kubeConfig.makeApiClient(AppsV1Api);
  const { namespace, sessionId: name } = spec;
  // 403: an agent granted only a Role in its namespaces may not create namespaces; they exist.
  await ignoring([409, 403], () => core.createNamespace({ body: { metadata: { name: namespace } } }));
  const ensure = async (
    kind: string,
    create: () => Promise<unknown>,
    read: () => Promise<{ metadata?: { labels?: Record<string, string> } }>,
  ) => {
    try {
      await create();
    } catch (error) {
      if (statusOf(error) !== 409) throw error;
      if (!carries((await read()).metadata?.labels, spec.labels))
        throw new ForeignObjectError(
          `${kind} ${namespace}/${name} exists and is not this session's: left alone`,
        );
    }
  };
  await ensure(
    "Deployment",
    () => apps.createNamespacedDeployment({ namespace, body: deriveSessionDeployment(spec) }),
    () => apps.readNamespacedDeployment({ namespace, name }),
  );
  await ensure(
    "Service",
    () => core.createNamespacedService({ namespace, body: deriveSessionService(spec) }),
    () => core.readNamespacedService({ namespace, name }),
  );
}

/** `k=v,k2=v2` (the stop payload's selector) as a map. */
export function parseEqualitySelector(selector: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const part of selector.split(",").filter(Boolean)) {
    const [key, value, ...rest] = part.split("=");
    if (!key || value === undefined || rest.length) throw new Error(`not an equality selector: ${selector}`);
    labels[key.trim()] = value.trim();
  }
  return labels;
}

/**
 * Deletes a session's Deployment (its pods follow through garbage collection) and Service — only
 * objects carrying every label of `ownedBy` (our managed-by label and the session's), and only the
 * very object read (uid precondition). NotFound counts as deleted; an object under that name that
 * is not the session's is left alone and named in `foreign`.
 */
export async function deleteSessionObjects(
  kubeConfig: KubeConfig,
  target: { namespace: string; name: string; ownedBy: Record<string, string> },
): Promise<{ deployment: boolean; service: boolean; foreign: string[] }> {
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const apps = kubeConfig.makeApiClient(AppsV1Api);
  const { name, namespace } = target;
  const foreign: string[] = [];
  const remove = async (
    kind: string,
    read: () => Promise<{ metadata?: { uid?: string; labels?: Record<string, string> } }>,
    del: (uid: string) => Promise<unknown>,
  ) => {
    const object = await ignoring([404], read);
    if (!object) return false;
    if (!carries(object.metadata?.labels, target.ownedBy)) {
      foreign.push(`${kind} ${namespace}/${name}`);
      return false;
    }
    return (await ignoring([404, 409], () => del(object.metadata!.uid!))) !== undefined;
  };
  const deployment = await remove(
    "Deployment",
    () => apps.readNamespacedDeployment({ name, namespace }),
    (uid) =>
      apps.deleteNamespacedDeployment({
        name,
        namespace,
        propagationPolicy: "Background",
        body: { preconditions: { uid } },
      }),
  );
  const service = await remove(
    "Service",
    () => core.readNamespacedService({ name, namespace }),
    (uid) => core.deleteNamespacedService({ name, namespace, body: { preconditions: { uid } } }),
  );
  return { deployment, service, foreign };
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
