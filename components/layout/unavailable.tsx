import { ConfigError } from "@/lib/config/env";
import { DatabaseUnavailableError, MigrationError } from "@/lib/db/errors";

/**
 * What a page shows when its data cannot be loaded. Errors we wrote for people (database
 * unreachable, bad configuration, failed migration) are shown as they are; anything else points
 * to the server log, where it was written.
 */
export function Unavailable({ error }: { error: unknown }) {
  const known =
    error instanceof DatabaseUnavailableError ||
    error instanceof ConfigError ||
    error instanceof MigrationError;
  if (!known) console.error(error);
  return (
    <div className="mx-auto max-w-3xl px-6 py-12" data-testid="unavailable">
      <h1 className="text-xl font-semibold text-red-700">This page cannot load its data</h1>
      <p className="mt-3 whitespace-pre-wrap text-sm text-slate-700">
        {known ? (error as Error).message : "An unexpected error occurred; it is in the server log."}
      </p>
      <p className="mt-2 text-sm text-slate-500">The page retries when you reload it.</p>
    </div>
  );
}
