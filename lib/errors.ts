/**
 * Domain errors: what went wrong in terms of sessions, agents and commands. The HTTP layer maps
 * each kind to a status (lib/http/route.ts); the messages are written for the person reading them.
 */
export class DomainError extends Error {
  override name = "DomainError";
  constructor(
    readonly kind: "not_found" | "conflict" | "forbidden" | "unauthorized",
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const notFoundError = (message: string) => new DomainError("not_found", "not_found", message);
export const conflictError = (code: string, message: string, details?: unknown) =>
  new DomainError("conflict", code, message, details);
export const forbiddenError = (message: string) => new DomainError("forbidden", "forbidden", message);
export const unauthorizedError = (message: string) =>
  new DomainError("unauthorized", "unauthorized", message);
