/**
 * Agent API, a command's result (bearer: the agent's credential).
 *   POST /api/v1/agents/commands/{id}/result {status: completed|failed, error?}
 * Only the epoch the command was dispatched to may report it; a repeated report changes nothing,
 * and the report of a command withdrawn or expired meanwhile is answered `ignored` (200).
 */
import { applyCommandResult } from "@/lib/db/writers/session-lifecycle";
import { notFoundError } from "@/lib/errors";
import { readJsonBody } from "@/lib/http/json-body";
import { agentOf, withRoute } from "@/lib/auth/guard";
import { json } from "@/lib/http/route";
import { commandIdParam, commandResultBody } from "@/lib/platform/schemas";

export const dynamic = "force-dynamic";

export const POST = withRoute(
  "POST /api/v1/agents/commands/[id]/result",
  async (request: Request, { params }: { params: Promise<{ id: string }> }, caller) => {
    const agent = agentOf(caller);
    const { id } = await params;
    const commandId = commandIdParam.safeParse(id);
    if (!commandId.success) throw notFoundError(`command ${id} does not exist`);
    const body = await readJsonBody(request, commandResultBody);
    const result = await applyCommandResult({
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
      ...(result.ignored ? { ignored: result.ignored } : {}),
      session: result.session ? { id: result.session.id, state: result.session.state } : null,
    });
  },
);
