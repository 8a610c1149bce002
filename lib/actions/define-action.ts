import "server-only";
import type { z } from "zod";
import { authorizeAction, userActor } from "@/lib/auth/guard";
import type { SignedInUser } from "@/lib/auth/current-user";
import type { ActionName } from "@/lib/auth/policy";
import { ConfigError } from "@/lib/config/env";
import type { Actor } from "@/lib/db/queries/audit";
import { DatabaseUnavailableError } from "@/lib/db/errors";
import { DomainError } from "@/lib/errors";
import { log } from "@/lib/log/logger";
import { ApiError } from "@/lib/http/errors";

/** What every server action answers: never a thrown error, always something the UI can show. */
export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: string };

/**
 * The one wrapper every server action goes through. In this order: the signed-in user's role
 * must allow `name` (lib/auth/policy.ts; refused calls are audited), then the input must parse
 * with `schema` (the caller is never trusted), then the handler runs with the user as actor.
 * Failures come back as a message, never as a thrown error.
 */
export function defineAction<S extends z.ZodType, T>(
  name: ActionName,
  schema: S,
  handler: (input: z.infer<S>, context: { actor: Actor; user: SignedInUser }) => Promise<T>,
): (input: unknown) => Promise<ActionResult<T>> {
  return async (raw: unknown) => {
    try {
      const user = await authorizeAction(name);
      const parsed = schema.safeParse(raw);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`);
        return { ok: false, error: `invalid input: ${issues.join("; ")}` };
      }
      return { ok: true, data: await handler(parsed.data, { actor: userActor(user), user }) };
    } catch (error) {
      if (
        error instanceof ApiError ||
        error instanceof DomainError ||
        error instanceof DatabaseUnavailableError ||
        error instanceof ConfigError
      ) {
        return { ok: false, error: error.message };
      }
      log.error("server action failed", { action: name, error });
      return { ok: false, error: "the action failed unexpectedly; see the server log" };
    }
  };
}
