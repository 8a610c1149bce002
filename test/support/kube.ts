import { KubeConfig } from "@kubernetes/client-node";
import { inject } from "vitest";

/** A client configuration for the real API server the integration setup started or was given. */
export function testKubeConfig(): KubeConfig {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(inject("testKubeconfig"));
  return kubeConfig;
}

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ""}`,
  );
}

/** A client configuration for the second API server (the tests of many clusters). */
export function secondKubeConfig(): KubeConfig {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(inject("testKubeconfigSecond"));
  return kubeConfig;
}

/** The second API server's kubeconfig path. */
export const secondKubeconfigPath = () => inject("testKubeconfigSecond");

/** Where the integration setup's PostgreSQL and cluster are, for startPlatform. */
export function testEnvironment(): { databaseUrl: string; kubeconfig: string } {
  return { databaseUrl: inject("testDatabaseUrl"), kubeconfig: inject("testKubeconfig") };
}
