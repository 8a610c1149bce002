/**
 * Platform API, one session (bearer PLATFORM_API_TOKEN).
 *   GET /api/v1/sessions/{id}   the session and its commands
 */
import { listSessionCommands } from "@/lib/db/readers/commands";
import { getSession } from "@/lib/db/readers/sessions";
import { notFoundError } from "@/lib/errors";
import { withRoute } from "@/lib/auth/guard";
import { json } from "@/lib/http/route";
import { sessionId } from "@/lib/platform/schemas";

export const dynamic = "force-dynamic";

export const GET = withRoute(
  "GET /api/v1/sessions/[id]",
  async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
    const { id } = await params;
    const session = sessionId.safeParse(id).success ? await getSession(id) : undefined;
    if (!session) throw notFoundError(`session ${id} does not exist`);
    return json({ session, commands: await listSessionCommands(id) });
  },
);
