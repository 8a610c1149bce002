/**
 * Agent API, heartbeat (bearer: the agent's credential).
 *   POST /api/v1/agents/heartbeat {inventory: [sessionId…], waitSeconds?}
 * Records liveness and inventory; answers the commands dispatched to this epoch, long-polling up
 * to min(waitSeconds, HEARTBEAT_MAX_WAIT_SECONDS) when none is waiting.
 */
import { readJsonBody } from "@/lib/http/json-body";
import { json, withApiErrors } from "@/lib/http/route";
import { getPlatformContext } from "@/lib/platform/context";
import { runHeartbeat } from "@/lib/platform/heartbeat";
import { authenticateAgent } from "@/lib/platform/request-auth";
import { heartbeatBody } from "@/lib/platform/schemas";

export const dynamic = "force-dynamic";

export const POST = withApiErrors(async (request: Request) => {
  const { db, settings } = await getPlatformContext();
  const agent = await authenticateAgent(db, request);
  const body = await readJsonBody(request, heartbeatBody, 2 * 1024 * 1024);
  const answer = await runHeartbeat(db, {
    agent,
    inventory: body.inventory,
    waitSeconds: body.waitSeconds,
    settings,
    signal: request.signal,
    clock: () => new Date(),
  });
  return json(answer);
});
