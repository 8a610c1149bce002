import { deriveSessionLabels, INSTALLATION_ID_ANNOTATION } from "@/lib/k8s/model/labels";

/** What an agent needs to create a session's objects; the labels are decided here, not by the agent. */
export interface StartSessionPayload {
  sessionId: string;
  namespace: string;
  image: string;
  labels: Record<string, string>;
  /** Our installation id, stamped on every object (INSTALLATION_ID_ANNOTATION). */
  annotations: Record<string, string>;
  /** The key among `labels` that carries the session id (the agent selects pods by it). */
  sessionLabelKey: string;
}

/** What an agent needs to delete a session's objects. */
export interface StopSessionPayload {
  sessionId: string;
  namespace: string;
  labelSelector: string;
}

export function deriveStartPayload(input: {
  sessionId: string;
  namespace: string;
  image: string;
  agentId: string;
  installation: string;
  installationId: string;
  sessionLabelKey: string;
}): StartSessionPayload {
  return {
    sessionId: input.sessionId,
    namespace: input.namespace,
    image: input.image,
    labels: deriveSessionLabels({
      sessionLabelKey: input.sessionLabelKey,
      installation: input.installation,
      sessionId: input.sessionId,
      agentId: input.agentId,
    }),
    annotations: { [INSTALLATION_ID_ANNOTATION]: input.installationId },
    sessionLabelKey: input.sessionLabelKey,
  };
}

export function deriveStopPayload(input: {
  sessionId: string;
  namespace: string;
  installation: string;
  sessionLabelKey: string;
}): StopSessionPayload {
  return {
    sessionId: input.sessionId,
    namespace: input.namespace,
    labelSelector: `${input.sessionLabelKey}=${input.sessionId},app.kubernetes.io/managed-by=${input.installation}`,
  };
}
