import { execFileSync } from "node:child_process";
import path from "node:path";
import type { TestProject } from "vitest/node";

const root = path.resolve(import.meta.dirname, "../..");

function run(script: string, args: string[]): string {
  return execFileSync("bash", [path.join(root, "scripts", script), ...args], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  }).trim();
}

/**
 * Integration tests need a real PostgreSQL and a real API server: start both when they are not
 * running (each script does nothing when its service already answers) and hand their addresses
 * to the tests.
 */
export default function setup(project: TestProject) {
  run("local-postgres.sh", ["up"]);
  const testDatabaseUrl = process.env.TEST_DATABASE_URL || run("local-postgres.sh", ["test-url"]);
  let kubeconfig = process.env.TEST_KUBECONFIG;
  if (!kubeconfig) {
    run("local-cluster.sh", ["up"]);
    kubeconfig = path.join(root, ".data", "kubeconfig");
  }
  project.provide("testDatabaseUrl", testDatabaseUrl);
  project.provide("testKubeconfig", kubeconfig);
}

declare module "vitest" {
  export interface ProvidedContext {
    testDatabaseUrl: string;
    testKubeconfig: string;
  }
}
