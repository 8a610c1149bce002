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
  if (!session) throw notFoundError(`session ${sessionId} does not exist`);
  const cluster = resolveCluster(session.cluster, env);
  if (!cluster)
    throw invalidError(
      "cluster_not_configured",
      `its cluster ${session.cluster} is not configured here (CLUSTERS)`,
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
