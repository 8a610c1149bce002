import { count, notLike } from "drizzle-orm";
import { openDatabase, type DatabaseHandle } from "@/lib/db/client";
import { agentCommands, agents, auditEvents, sessions } from "@/lib/db/schema";
import { startAppPlatform, type AppPlatform } from "./app-platform";

export { bootstrapToken, platformToken, type ApiAnswer } from "./app-platform";

export interface Platform extends AppPlatform {
  handle: DatabaseHandle;
  tableCounts(): Promise<Record<string, number>>;
}

/** The real app on a scratch database (see startAppPlatform), plus a database handle for assertions. */
export async function startPlatform(
  where: { databaseUrl: string; kubeconfig: string },
  env: Record<string, string> = {},
): Promise<Platform> {
  const platform = await startAppPlatform(where, env);
  const handle = await openDatabase({ databaseUrl: platform.databaseUrl, dataDir: "unused" });
  return {
    ...platform,
    handle,
    async tableCounts() {
      const [s] = await handle.db.select({ n: count() }).from(sessions);
      const [a] = await handle.db.select({ n: count() }).from(agents);
      const [c] = await handle.db.select({ n: count() }).from(agentCommands);
      // Refused calls are audited (auth.denied); everything else must stay as it was.
      const [e] = await handle.db
        .select({ n: count() })
        .from(auditEvents)
        .where(notLike(auditEvents.action, "auth.%"));
      return { sessions: s!.n, agents: a!.n, commands: c!.n, audit: e!.n };
    },
    async stop() {
      await handle.close();
      await platform.stop();
    },
  };
}
