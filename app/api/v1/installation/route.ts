/**
 * Platform API, this installation (bearer PLATFORM_API_TOKEN).
 *   GET /api/v1/installation   {installation, installationId, sessionLabelKey}: what marks our objects
 */
import { withRoute } from "@/lib/auth/guard";
import { getInstallationId } from "@/lib/db/readers/installation";
import { json } from "@/lib/http/route";
import { getPlatformContext } from "@/lib/platform/context";

export const dynamic = "force-dynamic";

export const GET = withRoute("GET /api/v1/installation", async () => {
  const { settings } = await getPlatformContext();
  return json({
    installation: settings.installation,
    installationId: await getInstallationId(),
    sessionLabelKey: settings.sessionLabelKey,
  });
});
