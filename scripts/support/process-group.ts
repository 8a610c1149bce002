import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import path from "node:path";

export const repoRoot = path.resolve(import.meta.dirname, "../..");

export interface Spawned {
  child: ChildProcess;
  logFile: string;
  exited: Promise<number | null>;
  /** Stops the whole process group with `signal` and waits for the leader to exit. */
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts a command in a process group of its own (so `next start` or `tsx` children go with it),
 * appending its output to `<logDir>/<name>.log`.
 */
export function spawnGroup(options: {
  name: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  logDir: string;
}): Spawned {
  const { name, command, args, env, logDir } = options;
  mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, `${name}.log`);
  const log = createWriteStream(logFile, { flags: "a" });
  const child = spawn(command, args, {
    cwd: repoRoot,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env },
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    child,
    logFile,
    exited,
    async kill(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null && child.pid) {
        try {
          process.kill(-child.pid, signal);
        } catch {
          // already gone
        }
      }
      return exited;
    },
  };
}
