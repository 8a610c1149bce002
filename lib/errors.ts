/**
 * Domain errors: what went wrong in terms of sessions, agents and commands. The HTTP layer maps
 * each kind to a status (lib/http/route.ts); the messages are written for the person reading them.
 */
export class DomainError extends Error {
  override name = "DomainError";
  constructor(
    readonly kind: "not_found" | "conflict" | "forbidden" | "unauthorized" | "invalid",
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/**
 * An unexpected error's message fit for a log (lib/log/logger.ts): never a database query's
 * parameters (drizzle puts them in the message of a failed query; they can hold password hashes),
 * only that it failed and why.
 */
export function redactErrorMessage(error: Error): string {
  if (!error.message.startsWith("Failed query")) return error.message;
  const cause =
    error.cause instanceof Error ? `${error.cause.name}: ${error.cause.message}` : "unknown cause";
  return `a database query failed (${cause})`;
}

export const notFoundError = (message: string) => new DomainError("not_found", "not_found", message);
/** A request that cannot be carried out as asked (400), with the reason. */
export const invalidError = (code: string, message: string, details?: unknown) =>
  new DomainError("invalid", code, message, details);
export const conflictError = (code: string, message: string, details?: unknown) =>
  new DomainError("conflict", code, message, details);
export const forbiddenError = (message: string) => new DomainError("forbidden", "forbidden", message);
export const unauthorizedError = (message: string) =>
  new DomainError("unauthorized", "unauthorized", message);
