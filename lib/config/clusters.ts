import { z } from "zod";

/** A cluster's id: a DNS label, as agents name it when they register (`--cluster`). */
export const clusterIdSchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, "must be a DNS label (lowercase letters, digits, '-')");

/**
 * Where one cluster's kubeconfig comes from: a file, the content (YAML or base64 of it), the pod's
 * service account, or — the single cluster of an installation without `CLUSTERS` — the usual
 * search (KUBECONFIG, KUBECONFIG_CONTENT, the local cluster, in-cluster, ~/.kube/config).
 */
export type ClusterSource =
  | { kind: "file"; path: string }
  | { kind: "content"; content: string }
  | { kind: "in-cluster" }
  | { kind: "search" };

/** One cluster this installation watches and acts on. */
export interface ClusterConfig {
  id: string;
  source: ClusterSource;
}

const clusterEntry = z
  .object({
    id: clusterIdSchema,
    kubeconfig: z.string().trim().min(1).optional(),
    kubeconfigContent: z.string().trim().min(1).optional(),
    inCluster: z.literal(true).optional(),
  })
  .strict()
  .superRefine((entry, ctx) => {
    const sources = [entry.kubeconfig, entry.kubeconfigContent, entry.inCluster].filter(Boolean);
    if (sources.length !== 1)
      ctx.addIssue({
        code: "custom",
        message: `cluster "${entry.id}" needs exactly one of kubeconfig (a path), kubeconfigContent or inCluster: true`,
      });
  })
  .transform((entry): ClusterConfig => ({
    id: entry.id,
    source: entry.kubeconfig
      ? { kind: "file", path: entry.kubeconfig }
      : entry.kubeconfigContent
        ? { kind: "content", content: entry.kubeconfigContent }
        : { kind: "in-cluster" },
  }));

/**
 * `CLUSTERS`: a JSON list of clusters, e.g.
 * `[{"id":"eu-1","kubeconfig":"/etc/clusters/eu-1"},{"id":"home","inCluster":true}]`. Ids are
 * unique; at most one cluster is the pod's own.
 */
export const clustersListSchema = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      ctx.addIssue({ code: "custom", message: `is not JSON: ${(error as Error).message}` });
      return z.NEVER;
    }
  })
  .pipe(z.array(clusterEntry).min(1, "must list at least one cluster"))
  .superRefine((clusters, ctx) => {
    const seen = new Set<string>();
    // (An entry that failed its own checks is not transformed: skipped here, already reported.)
    const entries = clusters.filter((c): c is ClusterConfig => Boolean(c?.source));
    for (const { id } of entries) {
      if (seen.has(id)) ctx.addIssue({ code: "custom", message: `names cluster "${id}" twice` });
      seen.add(id);
    }
    if (entries.filter((c) => c.source.kind === "in-cluster").length > 1)
      ctx.addIssue({ code: "custom", message: "names more than one in-cluster cluster (there is one pod)" });
  });

/** The clusters of an installation: `CLUSTERS` when set, else the one cluster `CLUSTER_ID`. */
export function deriveClusters(env: { CLUSTERS?: ClusterConfig[]; CLUSTER_ID: string }): ClusterConfig[] {
  return env.CLUSTERS ?? [{ id: env.CLUSTER_ID, source: { kind: "search" } }];
}

/**
 * Which cluster a session (or an agent) named `cluster` belongs to. With `CLUSTERS` the name is an
 * id and must be configured (undefined otherwise: nothing of it is read or acted on). Without it
 * there is one cluster and the names agents register with are labels: every session is the one
 * cluster's — as before there were many.
 */
export function resolveCluster(
  cluster: string,
  env: { CLUSTERS?: ClusterConfig[]; clusters: ClusterConfig[] },
) {
  if (!env.CLUSTERS) return env.clusters[0]!.id;
  return env.CLUSTERS.some((c) => c.id === cluster) ? cluster : undefined;
}
