/**
 * Agent API, a command's result (bearer: the agent's credential).
 *   POST /api/v1/agents/commands/{id}/result {status: completed|failed, error?}
 * Only the epoch the command was dispatched to may report it; a repeated report changes nothing.
 */
import { applyCommandResult } from "@/lib/db/queries/session-lifecycle";
import { notFoundError } from "@/lib/errors";
import { readJsonBody } from "@/lib/http/json-body";
import { json, withApiErrors } from "@/lib/http/route";
import { getPlatformContext } from "@/lib/platform/context";
import { authenticateAgent } from "@/lib/platform/request-auth";
import { commandIdParam, commandResultBody } from "@/lib/platform/schemas";

export const dynamic = "force-dynamic";

export const POST = withApiErrors(
  async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
    const { db } = await getPlatformContext();
    const agent = await authenticateAgent(db, request);
    const { id } = await params;
    const commandId = commandIdParam.safeParse(id);
    if (!commandId.success) throw notFoundError(`command ${id} does not exist`);
    const body = await readJsonBody(request, commandResultBody);
    const result = await applyCommandResult(db, {
      commandId: commandId.data,
      agentId: agent.id,
      epoch: agent.epoch,
      status: body.status,
      error: body.error,
      now: new Date(),
    });
    return json({
      commandId: result.command.id,
      status: result.command.status,
      duplicate: result.duplicate,
      session: result.session ? { id: result.session.id, state: result.session.state } : null,
    });
  },
);
