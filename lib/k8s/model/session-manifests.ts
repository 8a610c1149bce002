import type { V1Deployment, V1Service } from "@kubernetes/client-node";

/** What a session's objects are made from (the `start_session` command's payload). */
export interface SessionObjectSpec {
  sessionId: string;
  namespace: string;
  image: string;
  labels: Record<string, string>;
  /** Stamped on the Deployment, its pods and the Service (our installation id). */
  annotations?: Record<string, string>;
  sessionLabelKey: string;
}

/** The session's Deployment: one replica of its image, named after the session. */
export function deriveSessionDeployment(spec: SessionObjectSpec): V1Deployment {
  const selector = { [spec.sessionLabelKey]: spec.sessionId };
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: {
      name: spec.sessionId,
      namespace: spec.namespace,
      labels: spec.labels,
      annotations: spec.annotations,
    },
    spec: {
      replicas: 1,
      selector: { matchLabels: selector },
      template: {
        metadata: { labels: spec.labels, annotations: spec.annotations },
        spec: {
          containers: [
            {
              name: "session",
              image: spec.image,
              ports: [{ name: "http", containerPort: 8080 }],
            },
          ],
        },
      },
    },
  };
}

/** The session's Service: port 80 to the pod's `http` port. */
export function deriveSessionService(spec: SessionObjectSpec): V1Service {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: {
      name: spec.sessionId,
      namespace: spec.namespace,
      labels: spec.labels,
      annotations: spec.annotations,
    },
    spec: {
      selector: { [spec.sessionLabelKey]: spec.sessionId },
      ports: [{ name: "http", port: 80, targetPort: "http" }],
    },
  };
}
