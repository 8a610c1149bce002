import { existsSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { repoRoot, spawnGroup as spawnInGroup, type Spawned } from "@/scripts/support/process-group";
import { testAuthEnv } from "./auth";

export { repoRoot, type Spawned };
const logDir = path.join(repoRoot, "test-results", "processes");

/** Starts a command in its own process group, logging to test-results/processes/<name>.log. */
export function spawnGroup(
  name: string,
  command: string,
  args: string[],
  env: Record<string, string>,
): Spawned {
  return spawnInGroup({ name, command, args, env, logDir });
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface AppServer {
  url: string;
  /** Where the server's stdout and stderr go. */
  logFile: string;
  /** Leader of the server's process group. */
  pid: number;
  stop(): Promise<void>;
  /** Sends `signal` to the whole process group (SIGKILL: the replica dies mid-whatever). */
  kill(signal: NodeJS.Signals): Promise<void>;
}

/**
 * Runs the production build (`next start`) with the given environment, on a free port, and waits
 * until it answers. Requires `npm run build` (npm test builds before the integration tests).
 */
export async function startApp(name: string, env: Record<string, string>): Promise<AppServer> {
  if (!existsSync(path.join(repoRoot, ".next", "BUILD_ID"))) {
    throw new Error("There is no production build for the integration tests; run `npm run build` first.");
  }
  const port = await freePort();
  const server = spawnGroup(
    name,
    path.join(repoRoot, "node_modules", ".bin", "next"),
    ["start", "-p", String(port), "-H", "127.0.0.1"],
    {
      NODE_ENV: "production",
      ...testAuthEnv,
      ...env,
    },
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  let exitCode: number | null | undefined;
  void server.exited.then((code) => (exitCode = code));
  for (;;) {
    if (exitCode !== undefined)
      throw new Error(`the app exited (${exitCode}) during start-up; see ${server.logFile}`);
    try {
      if ((await fetch(`${url}/api/healthz`)).ok) break;
    } catch {
      // not yet listening
    }
    if (Date.now() > deadline) {
      await server.kill("SIGKILL");
      throw new Error(`the app did not answer within 60 s; see ${server.logFile}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    logFile: server.logFile,
    pid: server.child.pid!,
    stop: async () => {
      await server.kill("SIGTERM");
    },
    kill: async (signal) => {
      await server.kill(signal);
    },
  };
}

/**
 * Starts the reference agent as its own process: `node --import tsx agent/main.ts`, one node
 * process (the tsx CLI would put a relaying parent between the test's signals and the agent).
 */
export function startAgent(
  agentId: string,
  options: {
    controlPlaneUrl: string;
    bootstrapToken: string;
    kubeconfig: string;
    waitSeconds?: number;
    /** The cluster it registers with (the agent's default: `local`). */
    cluster?: string;
  },
): Spawned {
  return spawnGroup(
    `agent-${agentId}`,
    process.execPath,
    [
      "--import",
      "tsx",
      "agent/main.ts",
      "--id",
      agentId,
      "--control-plane",
      options.controlPlaneUrl,
      "--wait-seconds",
      String(options.waitSeconds ?? 5),
      ...(options.cluster ? ["--cluster", options.cluster] : []),
    ],
    { AGENT_BOOTSTRAP_TOKEN: options.bootstrapToken, KUBECONFIG: options.kubeconfig },
  );
}
