import "server-only";
import { getEnv } from "@/lib/config/env";
import { invalidateSessionRows } from "@/lib/dashboard/get-sessions-view";
import { getInstallationId } from "@/lib/db/readers/installation";
import { recordAudit } from "@/lib/db/writers/audit";
import { getKubeConfig } from "@/lib/k8s/client";
import type { PodRepairDeps } from "./repair";

/** What a pod repair needs in the server process: the one place it is built. */
export async function getPodRepairDeps(): Promise<PodRepairDeps> {
  const env = getEnv();
  return {
    kubeConfig: getKubeConfig().kubeConfig,
    installation: env.INSTALLATION_NAME,
    installationId: await getInstallationId(),
    sessionLabelKey: env.SESSION_LABEL_KEY,
    marginSeconds: env.POD_TERMINATING_MARGIN_SECONDS,
    recordAudit,
    clock: () => new Date(),
    onChanged: invalidateSessionRows,
  };
}
