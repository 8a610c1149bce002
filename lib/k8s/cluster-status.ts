import { VersionApi } from "@kubernetes/client-node";
import type { KubeConfig } from "@kubernetes/client-node";

export type ClusterStatus =
  { reachable: true; server: string; version: string } | { reachable: false; server: string; error: string };

/**
 * Asks the API server for its version: the cheapest request that proves it answers and that our
 * credentials are accepted.
 */
export async function getClusterStatus(kubeConfig: KubeConfig, timeoutMs = 3_000): Promise<ClusterStatus> {
  const server = kubeConfig.getCurrentCluster()?.server ?? "(no cluster in kubeconfig)";
  if (!kubeConfig.getCurrentCluster()) {
    return { reachable: false, server, error: "the kubeconfig names no current cluster" };
  }
  let timer: NodeJS.Timeout | undefined;
  try {
    const api = kubeConfig.makeApiClient(VersionApi);
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    const info = await Promise.race([api.getCode(), timeout]);
    return { reachable: true, server, version: info.gitVersion };
  } catch (error) {
    return { reachable: false, server, error: describeClusterError(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** Longest API server message kept: a Status message is one sentence; anything longer is not. */
const maxStatusMessage = 300;

/**
 * The API server's own reason from an ApiException's body — a `Status` (JSON text or parsed)
 * whose message says what was refused and why ("deployments.apps \"s-1\" is forbidden: …").
 */
function statusMessage(body: unknown): string | undefined {
  let status = body;
  if (typeof body === "string") {
    try {
      status = JSON.parse(body);
    } catch {
      return undefined;
    }
  }
  const message = (status as { kind?: unknown; message?: unknown } | null)?.message;
  if ((status as { kind?: unknown } | null)?.kind !== "Status" || typeof message !== "string")
    return undefined;
  return message.split("\n")[0]!.slice(0, maxStatusMessage);
}

/** A one-line reason for a failed API call, without stack traces or response bodies. */
export function describeClusterError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // An ApiException (client-node 1.x): its message is the whole response; its Status says why.
  const api = error as { code?: unknown; body?: unknown };
  if (typeof api.code === "number") {
    const message = statusMessage(api.body);
    return message ? `HTTP ${api.code}: ${message}` : `HTTP ${api.code}`;
  }
  const code = (error as { code?: string }).code ?? (error.cause as { code?: string } | undefined)?.code;
  const status = (error as { code?: number; statusCode?: number }).statusCode;
  // node-fetch style messages end with "reason: connect ECONNREFUSED 127.0.0.1:6443": keep that part.
  const reason = /reason: (.*)$/.exec(error.message.split("\n")[0] ?? "")?.[1];
  if (code) return reason ? `${code}: ${reason}` : `${code}: ${error.message.split("\n")[0]}`;
  if (status) return `HTTP ${status}`;
  return error.message.split("\n")[0] ?? "unknown error";
}

/** What to tell a person when the cluster does not answer. */
export const clusterHelp =
  "Start the local cluster with `npm run cluster -- up`, or point KUBECONFIG at your own cluster.";
