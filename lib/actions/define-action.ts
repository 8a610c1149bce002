import "server-only";
import type { z } from "zod";
import { getCurrentActor } from "@/lib/auth/current-actor";
import { ConfigError } from "@/lib/config/env";
import type { Actor } from "@/lib/db/queries/audit";
import { DatabaseUnavailableError } from "@/lib/db/errors";
import { DomainError } from "@/lib/errors";

/** What every server action answers: never a thrown error, always something the UI can show. */
export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: string };

/**
 * The one wrapper every server action goes through: validates the input with `schema` (the
 * caller is never trusted), resolves who is acting, and turns failures into a message. The
 * handler runs only with valid input and a known actor.
 */
export function defineAction<S extends z.ZodType, T>(
  schema: S,
  handler: (input: z.infer<S>, context: { actor: Actor }) => Promise<T>,
): (input: unknown) => Promise<ActionResult<T>> {
  return async (raw: unknown) => {
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`);
      return { ok: false, error: `invalid input: ${issues.join("; ")}` };
    }
    try {
      const actor = await getCurrentActor();
      return { ok: true, data: await handler(parsed.data, { actor }) };
    } catch (error) {
      if (
        error instanceof DomainError ||
        error instanceof DatabaseUnavailableError ||
        error instanceof ConfigError
      ) {
        return { ok: false, error: error.message };
      }
      console.error(
        JSON.stringify({
          level: "error",
          msg: "server action failed",
          error: error instanceof Error ? error.message : String(error),
        }),
      );
      return { ok: false, error: "the action failed unexpectedly; see the server log" };
    }
  };
}
