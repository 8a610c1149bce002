import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { repoRoot, spawnGroup, type Spawned } from "./processes";

// Both tools as root on vfs storage (works on any kernel, inside containers too). podman's
// default runtime, crun, refuses this machine's hybrid cgroups; runc runs, but may only lower the
// rlimits here (no CAP_SYS_RESOURCE; even the current nproc limit is refused), so the container
// gets modest explicit ones. No systemd: podman's healthcheck timers cannot be set, so the test
// runs the HEALTHCHECK command itself.
const buildah = (args: string[]) => ["--storage-driver", "vfs", ...args];
const podmanGlobal = ["--storage-driver", "vfs", "--runtime", "runc"];
const containerLimits = ["--ulimit", "nofile=4096:4096", "--ulimit", "nproc=4096:4096", "--no-healthcheck"];

function run(command: string, args: string[]): string {
  return execFileSync(command, args, {
    cwd: repoRoot,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  }).trim();
}

/**
 * Installs buildah and podman when missing; undefined when they are there, else why the
 * platform cannot run them (not root, no apt): the one reason the image test may skip.
 */
export function missingImageTools(): string | undefined {
  const result = spawnSync("bash", ["scripts/ensure-image-tools.sh"], { cwd: repoRoot, encoding: "utf8" });
  return result.status === 0 ? undefined : result.stderr.trim() || `exit ${result.status}`;
}

/** Builds the Dockerfile with scripts/image-build.sh (cached layers make a rebuild quick). */
export function buildImage(): string {
  const result = spawnSync("bash", ["scripts/image-build.sh"], { cwd: repoRoot, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`scripts/image-build.sh failed:\n${result.stderr}`);
  return result.stdout.trim();
}

export interface ImageConfig {
  User: string;
  Cmd: string[];
  WorkingDir: string;
  Healthcheck?: { Test: string[] };
}

/** The image's run configuration, as `buildah inspect` reads it (docker format). */
export function inspectImage(image: string): ImageConfig {
  const inspected = JSON.parse(run("buildah", buildah(["inspect", "--type", "image", image]))) as {
    Docker: { config: ImageConfig };
  };
  return inspected.Docker.config;
}

/**
 * A kubeconfig with its certificates inlined, readable by the image's non-root user: the test
 * cluster's names files that only root may read.
 */
export function portableKubeconfig(kubeconfig: string): string {
  const kubectl = run("bash", ["scripts/local-cluster.sh", "kubectl"]);
  const flattened = run(kubectl, ["--kubeconfig", kubeconfig, "config", "view", "--raw", "--flatten"]);
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "sr-image-")), "kubeconfig");
  writeFileSync(file, flattened);
  chmodSync(file, 0o644);
  return file;
}

export interface Container {
  name: string;
  process: Spawned;
  /** The container's main process as the host sees it. */
  pid(): number;
  /** Runs a command inside the running container (as the image's user); its exit code. */
  exec(command: string[], env?: Record<string, string>): { status: number | null; output: string };
  remove(): Promise<void>;
}

/** `podman run`s the image's own CMD on the host network, with `env` and these files mounted. */
export function runContainer(
  image: string,
  name: string,
  env: Record<string, string>,
  mounts: Record<string, string>,
): Container {
  const envArgs = Object.entries(env).flatMap(([key, value]) => ["--env", `${key}=${value}`]);
  const mountArgs = Object.entries(mounts).flatMap(([host, inside]) => ["--volume", `${host}:${inside}:ro`]);
  const args = [...podmanGlobal, "run", "--rm", "--name", name, "--network", "host", ...containerLimits];
  const process = spawnGroup(name, "podman", [...args, ...envArgs, ...mountArgs, image], {});
  return {
    name,
    process,
    pid: () => Number(run("podman", [...podmanGlobal, "inspect", "--format", "{{.State.Pid}}", name])),
    exec(command, execEnv = {}) {
      const execEnvArgs = Object.entries(execEnv).flatMap(([key, value]) => ["--env", `${key}=${value}`]);
      const result = spawnSync("podman", [...podmanGlobal, "exec", ...execEnvArgs, name, ...command], {
        encoding: "utf8",
      });
      return { status: result.status, output: `${result.stdout}${result.stderr}` };
    },
    async remove() {
      spawnSync("podman", [...podmanGlobal, "rm", "--force", "--time", "5", name], { encoding: "utf8" });
      await process.kill("SIGKILL");
    },
  };
}
