import { deriveSessionLabels, INSTALLATION_ID_ANNOTATION } from "@/lib/k8s/model/labels";
import { platformToken, type AppPlatform } from "./app-platform";

// Importable from vitest and Playwright alike: no server-only code.

/**
 * The spec of objects of ours for a session id that has no row (an orphan): the platform's labels
 * and its installation id, read from GET /api/v1/installation.
 */
export async function orphanSpec(
  platform: Pick<AppPlatform, "api" | "namespace" | "installation">,
  sessionId: string,
  agentId = "gone",
) {
  const { body } = await platform.api("GET", "/api/v1/installation", { token: platformToken });
  return {
    sessionId,
    namespace: platform.namespace,
    image: "img:1",
    sessionLabelKey: "session",
    labels: deriveSessionLabels({
      sessionLabelKey: "session",
      installation: platform.installation,
      sessionId,
      agentId,
    }),
    annotations: { [INSTALLATION_ID_ANNOTATION]: body.installationId as string },
  };
}
