import { execFileSync, spawn } from "node:child_process";
import { existsSync, openSync } from "node:fs";
import path from "node:path";
import { testAuthEnv } from "../../test/support/auth";

const root = path.resolve(import.meta.dirname, "../..");
const port = Number(process.env.E2E_PORT ?? 3107);

function script(name: string, args: string[]): string {
  return execFileSync("bash", [path.join(root, "scripts", name), ...args], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  }).trim();
}

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return true;
  } catch {
    return false;
  }
}

async function waitForServer(url: string, timeoutMs: number, exited: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited()) throw new Error(`the app exited during start-up; see test-results/e2e-server.log`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`the app did not answer ${url} within ${timeoutMs} ms; see test-results/e2e-server.log`);
}

/**
 * Starts the production build against the real PostgreSQL and the local cluster, in a process
 * group of its own (`next start` leaves children behind otherwise), and stops the whole group after.
 */
export default async function globalSetup() {
  const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(chromium)) {
    throw new Error(`Chromium is missing at ${chromium}. Install Debian's: apt-get install -y chromium`);
  }
  if (!existsSync(path.join(root, ".next", "BUILD_ID"))) {
    throw new Error("There is no production build. Run `npm run build` first (npm test does).");
  }
  script("local-postgres.sh", ["up"]);
  script("local-cluster.sh", ["up"]);
  // The second cluster of e2e/many-clusters.spec.ts (its own etcd and API server).
  if (!process.env.TEST_KUBECONFIG_SECOND)
    execFileSync("bash", [path.join(root, "scripts", "local-cluster.sh"), "up"], {
      cwd: root,
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, SR_CLUSTER_NAME: "second", SR_APISERVER_PORT: "32790" },
    });
  // A server an aborted run left on the port would answer in place of this build's: the suite
  // would test old code. Refuse to start on a port that is taken.
  if (await answers(`http://127.0.0.1:${port}/api/healthz`)) {
    throw new Error(
      `port ${port} is already served (a server left by an earlier run?): stop it (fuser -k ${port}/tcp) or set E2E_PORT`,
    );
  }

  const log = openSync(path.join(root, "test-results", "e2e-server.log"), "w");
  const server = spawn(
    path.join(root, "node_modules", ".bin", "next"),
    ["start", "-p", String(port), "-H", "127.0.0.1"],
    {
      cwd: root,
      detached: true,
      stdio: ["ignore", log, log],
      env: {
        ...process.env,
        DATABASE_URL: process.env.E2E_DATABASE_URL ?? script("local-postgres.sh", ["test-url"]),
        KUBECONFIG: path.join(root, ".data", "kubeconfig"),
        ...testAuthEnv,
        NODE_ENV: "production",
      },
    },
  );
  let exited = false;
  server.on("exit", () => (exited = true));
  const stop = () => {
    if (server.pid && !exited) {
      try {
        process.kill(-server.pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
  };
  try {
    await waitForServer(`http://127.0.0.1:${port}/api/healthz`, 60_000, () => exited);
  } catch (error) {
    stop();
    throw error;
  }
  return stop;
}
