/** The database could not be reached; the message says which one and what to run. */
export class DatabaseUnavailableError extends Error {
  override name = "DatabaseUnavailableError";
}

/** A migration failed; nothing after it was applied. */
export class MigrationError extends Error {
  override name = "MigrationError";
}

/** `postgres://user:secret@host/db` → `postgres://user:***@host/db`, for messages and the UI. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparsable DATABASE_URL)";
  }
}

const unreachableCodes = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "ECONNRESET"]);

/** Turns a driver error into one a person can act on, or returns it unchanged. */
export function explainConnectionError(error: unknown, location: string): Error {
  const err = error instanceof Error ? error : new Error(String(error));
  const code = (err as { code?: string }).code ?? "";
  const causeCode = (err.cause as { code?: string } | undefined)?.code ?? "";
  const aggregated =
    err instanceof AggregateError ? err.errors.map((e) => (e as { code?: string }).code) : [];
  const codes = [code, causeCode, ...aggregated];
  if (codes.some((c) => c && unreachableCodes.has(c)) || /timeout|connect/i.test(err.message)) {
    return new DatabaseUnavailableError(
      `PostgreSQL at ${location} is not reachable (${codes.find(Boolean) || err.message}). ` +
        "Start it (on Debian: pg_ctlcluster 15 main start), fix DATABASE_URL, " +
        "or unset DATABASE_URL to use the embedded database.",
      { cause: err },
    );
  }
  if (code === "28P01" || code === "28000") {
    return new DatabaseUnavailableError(
      `PostgreSQL at ${location} refused the credentials in DATABASE_URL (${err.message}).`,
      { cause: err },
    );
  }
  if (code === "3D000") {
    return new DatabaseUnavailableError(
      `PostgreSQL at ${location} has no such database (${err.message}); create it first.`,
      { cause: err },
    );
  }
  return err;
}
