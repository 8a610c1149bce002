import { ConfigError } from "@/lib/config/env";
import { DatabaseUnavailableError } from "@/lib/db/errors";
import { DomainError } from "@/lib/errors";
import { log } from "@/lib/log/logger";
import { InvalidTransitionError } from "@/lib/sessions/state-machine";
import { ApiError } from "./errors";

const domainStatus = {
  not_found: 404,
  conflict: 409,
  forbidden: 403,
  unauthorized: 401,
  invalid: 400,
} as const;

type Handler<C> = (request: Request, context: C) => Promise<Response>;

/** JSON response that is never cached. */
export function json(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: { "cache-control": "no-store" } });
}

/**
 * Wraps a route handler so every failure answers as JSON: ApiErrors with their status, a missing
 * database or bad configuration with 503 and its message, anything else with a bare 500 (logged,
 * never echoed).
 */
export function withApiErrors<C>(handler: Handler<C>): Handler<C> {
  return async (request, context) => {
    try {
      return await handler(request, context);
    } catch (error) {
      if (error instanceof ApiError) {
        return json(
          { error: { code: error.code, message: error.message, details: error.details } },
          error.status,
        );
      }
      if (error instanceof DomainError) {
        return json(
          { error: { code: error.code, message: error.message, details: error.details } },
          domainStatus[error.kind],
        );
      }
      if (error instanceof InvalidTransitionError) {
        return json({ error: { code: "invalid_transition", message: error.message } }, 409);
      }
      if (error instanceof DatabaseUnavailableError || error instanceof ConfigError) {
        return json({ error: { code: "unavailable", message: error.message } }, 503);
      }
      log.error("unhandled error in route", { path: new URL(request.url).pathname, error });
      return json({ error: { code: "internal", message: "internal error; see the server log" } }, 500);
    }
  };
}
