/**
 * Agent API, heartbeat (bearer: the agent's credential).
 *   POST /api/v1/agents/heartbeat {inventory: [sessionId…], waitSeconds?}
 * Records liveness and inventory; answers the commands dispatched to this epoch, long-polling up
 * to min(waitSeconds, HEARTBEAT_MAX_WAIT_SECONDS) when none is waiting.
 */
import { readJsonBody } from "@/lib/http/json-body";
import { agentOf, withRoute } from "@/lib/auth/guard";
import { json } from "@/lib/http/route";
import { getPlatformContext, platformServices } from "@/lib/platform/context";
import { heartbeatBody } from "@/lib/platform/schemas";

export const dynamic = "force-dynamic";

export const POST = withRoute(
  "POST /api/v1/agents/heartbeat",
  async (request: Request, _context: unknown, caller) => {
    const { settings } = await getPlatformContext();
    const agent = agentOf(caller);
    const body = await readJsonBody(request, heartbeatBody, 2 * 1024 * 1024);
    const answer = await platformServices.runHeartbeat({
      agent,
      inventory: body.inventory,
      waitSeconds: body.waitSeconds,
      settings,
      signal: request.signal,
      clock: () => new Date(),
    });
    return json(answer);
  },
);
