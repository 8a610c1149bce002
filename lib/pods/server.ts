import "server-only";
import { resolveCluster } from "@/lib/config/clusters";
import { getEnv } from "@/lib/config/env";
import { invalidateSessionRows } from "@/lib/dashboard/get-sessions-view";
import { getInstallationId } from "@/lib/db/readers/installation";
import { getSession } from "@/lib/db/readers/sessions";
import { recordAudit } from "@/lib/db/writers/audit";
import { invalidError, notFoundError } from "@/lib/errors";
import { getKubeConfig } from "@/lib/k8s/client";
import type { PodRepairDeps } from "./repair";

/**
 * What a pod repair of `sessionId`'s needs in the server process: the one place it is built. The
 * pod is read and changed in the session's own cluster.
 */
export async function getPodRepairDeps(sessionId: string): Promise<PodRepairDeps> {
  const env = getEnv();
  const session = await getSession(sessionId);
  // Pods of a session without a row (an orphan's) are repaired too, where the cluster is not in
  // doubt: with one cluster it is that one; with several, nothing says which.
  if (!session && env.clusters.length > 1)
    throw notFoundError(`session ${sessionId} has no row, so its cluster is not known here`);
  const cluster = session ? resolveCluster(session.cluster, env) : env.clusters[0]!.id;
  if (!cluster)
    throw invalidError(
      "cluster_not_configured",
      `its cluster ${session?.cluster} is not configured here (CLUSTERS)`,
    );
  return {
    kubeConfig: getKubeConfig(cluster).kubeConfig,
    installation: env.INSTALLATION_NAME,
    installationId: await getInstallationId(),
    sessionLabelKey: env.SESSION_LABEL_KEY,
    marginSeconds: env.POD_TERMINATING_MARGIN_SECONDS,
    recordAudit,
    clock: () => new Date(),
    onChanged: invalidateSessionRows,
  };
}
