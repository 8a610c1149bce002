import { count, notLike } from "drizzle-orm";
import { afterAll, beforeAll } from "vitest";
import { openDatabase, type DatabaseHandle } from "@/lib/db/client";
import {
  agentCommands,
  agents,
  auditEvents,
  runtimeSettings,
  sessions,
  users,
  userSessions,
} from "@/lib/db/schema";
import { startAppPlatform, type AppPlatform } from "./app-platform";
import { testEnvironment } from "./kube";

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
      const db = handle.db;
      const [[s], [a], [c], [e], [u], [us], [rs]] = await Promise.all([
        db.select({ n: count() }).from(sessions),
        db.select({ n: count() }).from(agents),
        db.select({ n: count() }).from(agentCommands),
        // Refused calls are audited (auth.denied); everything else must stay as it was.
        db.select({ n: count() }).from(auditEvents).where(notLike(auditEvents.action, "auth.%")),
        db.select({ n: count() }).from(users),
        db.select({ n: count() }).from(userSessions),
        // A refused settings change creates no row (and a changed one would be audited).
        db.select({ n: count() }).from(runtimeSettings),
      ]);
      return {
        sessions: s!.n,
        agents: a!.n,
        commands: c!.n,
        audit: e!.n,
        users: u!.n,
        userSessions: us!.n,
        runtimeSettings: rs!.n,
      };
    },
    async stop() {
      await handle.close();
      await platform.stop();
    },
  };
}

/**
 * One platform for a file's tests: started before them on the test PostgreSQL and cluster, stopped
 * after. Read it inside tests only (it stands for the platform beforeAll starts).
 */
export function sharedPlatform(env: Record<string, string> = {}): Platform {
  let started: Platform | undefined;
  beforeAll(async () => {
    started = await startPlatform(testEnvironment(), env);
  }, 120_000);
  afterAll(async () => {
    await started?.stop();
  });
  return new Proxy({} as Platform, {
    get: (_target, key) => {
      if (!started) throw new Error("the shared platform is read before beforeAll started it");
      return Reflect.get(started, key);
    },
  });
}
