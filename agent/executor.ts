import type { KubeConfig } from "@kubernetes/client-node";
import { createSessionObjects, deleteSessionObjects, parseEqualitySelector } from "@/lib/k8s/session-objects";
import type { SessionObjectSpec } from "@/lib/k8s/model/session-manifests";
import { withTimeout } from "@/lib/k8s/timeout";
import type { AgentCommand } from "./control-plane";

export type CommandOutcome = { status: "completed" } | { status: "failed"; error: string };

/** One command may take this long against the cluster (a slow API server or admission webhook). */
export const commandTimeoutMs = 30_000;

/**
 * Carries out one command against the cluster, within `timeoutMs`; never throws, the outcome says
 * what happened (a command that timed out is failed and asked again by the control plane).
 */
export async function executeCommand(
  kubeConfig: KubeConfig,
  command: AgentCommand,
  timeoutMs = commandTimeoutMs,
): Promise<CommandOutcome> {
  const what = `${command.type} ${command.id}`;
  try {
    switch (command.type) {
      case "start_session":
        await withTimeout(
          createSessionObjects(kubeConfig, readStartPayload(command.payload)),
          timeoutMs,
          what,
        );
        return { status: "completed" };
      case "stop_session": {
        const { sessionId, namespace, labelSelector } = readStopPayload(command.payload);
        const ownedBy = parseEqualitySelector(labelSelector);
        // Deleting by name alone could hit an object that merely took the name: only ours go.
        await withTimeout(
          deleteSessionObjects(kubeConfig, { namespace, name: sessionId, ownedBy }),
          timeoutMs,
          what,
        );
        return { status: "completed" };
      }
      default: {
        const unknown: never = command.type;
        return { status: "failed", error: `unknown command type ${String(unknown)}` };
      }
    }
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return { status: "failed", error: (message ?? "unknown error").slice(0, 1_000) };
  }
}

function readString(payload: Record<string, unknown>, key: string): string {
  const value = payload[key];
  if (typeof value !== "string" || value === "")
    throw new Error(`malformed command payload: ${key} is missing`);
  return value;
}

function readStartPayload(payload: Record<string, unknown>): SessionObjectSpec {
  const labels = payload.labels;
  if (!labels || typeof labels !== "object" || Object.values(labels).some((v) => typeof v !== "string")) {
    throw new Error("malformed command payload: labels must be a map of strings");
  }
  const annotations = payload.annotations ?? {};
  if (typeof annotations !== "object" || Object.values(annotations).some((v) => typeof v !== "string")) {
    throw new Error("malformed command payload: annotations must be a map of strings");
  }
  return {
    sessionId: readString(payload, "sessionId"),
    namespace: readString(payload, "namespace"),
    image: readString(payload, "image"),
    sessionLabelKey: readString(payload, "sessionLabelKey"),
    labels: labels as Record<string, string>,
    annotations: annotations as Record<string, string>,
  };
}

function readStopPayload(payload: Record<string, unknown>) {
  return {
    sessionId: readString(payload, "sessionId"),
    namespace: readString(payload, "namespace"),
    labelSelector: readString(payload, "labelSelector"),
  };
}
