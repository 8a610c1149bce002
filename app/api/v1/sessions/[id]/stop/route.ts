/**
 * Platform API, stop a session (bearer PLATFORM_API_TOKEN).
 *   POST /api/v1/sessions/{id}/stop   → terminating (reason user_requested) + one stop command.
 * Idempotent: stopping a terminating session queues the stop again only if none is open.
 */
import { notFoundError } from "@/lib/errors";
import { withRoute } from "@/lib/auth/guard";
import { json } from "@/lib/http/route";
import { getPlatformContext, platformServices } from "@/lib/platform/context";
import { sessionId } from "@/lib/platform/schemas";

export const dynamic = "force-dynamic";

export const POST = withRoute(
  "POST /api/v1/sessions/[id]/stop",
  async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
    const { settings } = await getPlatformContext();
    const { id } = await params;
    if (!sessionId.safeParse(id).success) throw notFoundError(`session ${id} does not exist`);
    const result = await platformServices.stopSession({
      sessionId: id,
      reason: "user_requested",
      settings,
      actor: { type: "platform", id: "platform-api" },
      now: new Date(),
    });
    return json(
      {
        session: result.session,
        commandId: result.command?.id ?? null,
        alreadyTerminating: result.alreadyTerminating,
      },
      202,
    );
  },
);
