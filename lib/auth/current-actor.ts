import "server-only";
import type { Actor } from "@/lib/db/queries/audit";

/**
 * The person behind a dashboard request. There is no sign-in yet (see the open issue on
 * sign-in and roles): every dashboard user is recorded as `user:anonymous`, so the audit log
 * already separates people from the reconciler, the cron trigger and agents. This is the one
 * place that will read the signed-in user and their role.
 */
export async function getCurrentActor(): Promise<Actor> {
  return { type: "user", id: "anonymous" };
}
