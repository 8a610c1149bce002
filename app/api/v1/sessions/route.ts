/**
 * Platform API, sessions collection (bearer PLATFORM_API_TOKEN).
 *   GET  /api/v1/sessions?state=&agentId=&limit=&cursor=   list, newest first, keyset-paged
 *   POST /api/v1/sessions {userId, template, namespace?, agentId?}   create (→ pending + start command)
 */
import { listSessions } from "@/lib/db/readers/sessions";
import { badRequest } from "@/lib/http/errors";
import { readJsonBody, readQuery } from "@/lib/http/json-body";
import { withRoute } from "@/lib/auth/guard";
import { json } from "@/lib/http/route";
import { getPlatformContext, platformServices } from "@/lib/platform/context";
import { createSessionBody, listSessionsQuery } from "@/lib/platform/schemas";

export const dynamic = "force-dynamic";

export const GET = withRoute("GET /api/v1/sessions", async (request: Request) => {
  const query = readQuery(request.url, listSessionsQuery);
  const rows = await listSessions({
    ...query,
    cursor: query.cursor ? decodeCursor(query.cursor) : undefined,
  });
  const last = rows.length === query.limit ? rows[rows.length - 1] : undefined;
  return json({ sessions: rows, nextCursor: last ? encodeCursor(last) : null });
});

export const POST = withRoute("POST /api/v1/sessions", async (request: Request) => {
  const { settings } = await getPlatformContext();
  const body = await readJsonBody(request, createSessionBody);
  const { session, command } = await platformServices.createSession({
    body,
    settings,
    actor: { type: "platform", id: "platform-api" },
    now: new Date(),
  });
  return json({ session, commandId: command.id }, 201);
});

function encodeCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString("base64url");
}

/** Only what encodeCursor writes: an ISO time of this era and a session id (else 400, never 500). */
function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [at, id, ...rest] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const createdAt = new Date(at ?? "");
  if (
    rest.length > 0 ||
    !/^(19[7-9]\d|2\d{3})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(at ?? "") ||
    !/^s-[0-9a-z]{12}$/.test(id ?? "") ||
    Number.isNaN(createdAt.getTime())
  )
    throw badRequest("invalid query: cursor is not one we issued");
  return { createdAt, id: id! };
}
