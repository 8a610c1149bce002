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
 * What to log of an unexpected error: its name and message, but never a database query's
 * parameters (drizzle puts them in the message of a failed query; they can hold password hashes).
 */
export function describeErrorForLog(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.message.startsWith("Failed query")) {
    const cause =
      error.cause instanceof Error ? `${error.cause.name}: ${error.cause.message}` : "unknown cause";
    return `${error.name}: a database query failed (${cause})`;
  }
  return `${error.name}: ${error.message}`;
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
