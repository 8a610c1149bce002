import { execFileSync } from "node:child_process";
import path from "node:path";
import type { TestProject } from "vitest/node";

const root = path.resolve(import.meta.dirname, "../..");

function run(script: string, args: string[], env: Record<string, string> = {}): string {
  return execFileSync("bash", [path.join(root, "scripts", script), ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  }).trim();
}

/** The second local cluster (tests of many clusters): its name and API server port. */
export const secondCluster = { SR_CLUSTER_NAME: "second", SR_APISERVER_PORT: "32790" };

/**
 * Integration tests need a real PostgreSQL and a real API server — two, for the tests of many
 * clusters: start them when they are not running (each script does nothing when its service
 * already answers) and hand their addresses to the tests.
 */
export default function setup(project: TestProject) {
  run("local-postgres.sh", ["up"]);
  const testDatabaseUrl = process.env.TEST_DATABASE_URL || run("local-postgres.sh", ["test-url"]);
  let kubeconfig = process.env.TEST_KUBECONFIG;
  if (!kubeconfig) {
    run("local-cluster.sh", ["up"]);
    kubeconfig = path.join(root, ".data", "kubeconfig");
  }
  let second = process.env.TEST_KUBECONFIG_SECOND;
  if (!second) {
    run("local-cluster.sh", ["up"], secondCluster);
    second = path.join(root, ".data", `kubeconfig-${secondCluster.SR_CLUSTER_NAME}`);
  }
  project.provide("testDatabaseUrl", testDatabaseUrl);
  project.provide("testKubeconfig", kubeconfig);
  project.provide("testKubeconfigSecond", second);
}

declare module "vitest" {
  export interface ProvidedContext {
    testDatabaseUrl: string;
    testKubeconfig: string;
    /** A second, separate API server (its own etcd): the tests of many clusters. */
    testKubeconfigSecond: string;
  }
}
