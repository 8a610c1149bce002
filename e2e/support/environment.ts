import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export const repoRoot = path.resolve(import.meta.dirname, "../..");
export const kubeconfigPath = path.join(repoRoot, ".data", "kubeconfig");
/** The second local cluster's kubeconfig (started by the global setup): e2e/many-clusters.spec.ts. */
export const secondKubeconfigPath =
  process.env.TEST_KUBECONFIG_SECOND ?? path.join(repoRoot, ".data", "kubeconfig-second");

/** The local PostgreSQL test database URL (scratch databases are created beside it). */
export function testDatabaseUrl(): string {
  return (
    process.env.E2E_DATABASE_URL ??
    execFileSync("bash", [path.join(repoRoot, "scripts", "local-postgres.sh"), "test-url"], {
      encoding: "utf8",
    }).trim()
  );
}

/** The API server's address in the local cluster's kubeconfig. */
export function apiServerAddress(): { host: string; port: number } {
  const server = /server:\s*(\S+)/.exec(readFileSync(kubeconfigPath, "utf8"))?.[1];
  const url = new URL(server ?? "https://127.0.0.1:32766");
  return { host: url.hostname, port: Number(url.port) };
}

/** A copy of the local kubeconfig whose server is `127.0.0.1:<port>` (the API server's certificate covers 127.0.0.1). */
export function kubeconfigThroughPort(port: number): string {
  const copy = path.join(repoRoot, "test-results", `kubeconfig-proxy-${port}`);
  writeFileSync(
    copy,
    readFileSync(kubeconfigPath, "utf8").replace(
      /server:\s*https:\/\/[^\s]+/,
      `server: https://127.0.0.1:${port}`,
    ),
  );
  return copy;
}
