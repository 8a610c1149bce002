import type { V1Deployment } from "@kubernetes/client-node";
import { toDate } from "./time";
import type { DeploymentConditionSummary, DeploymentHealth, Severity } from "./types";

/**
 * Health of one Deployment from its status and conditions.
 *
 * - error: Progressing=False with reason ProgressDeadlineExceeded (the controller gave up waiting for the rollout,
 *   see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#failed-deployment), or
 *   ReplicaFailure=True (the ReplicaSet could not create pods, e.g. quota or admission refused them);
 * - info: scaled to zero on purpose;
 * - warning: fewer available replicas than desired;
 * - ok: every desired replica is available.
 */
export function deriveDeploymentHealth(d: V1Deployment): DeploymentHealth {
  // The API server defaults spec.replicas to 1; a missing value means the same thing.
  const desired = d.spec?.replicas ?? 1;
  const ready = d.status?.readyReplicas ?? 0;
  const available = d.status?.availableReplicas ?? 0;
  const updated = d.status?.updatedReplicas ?? 0;
  const conditions: DeploymentConditionSummary[] = (d.status?.conditions ?? []).map((c) => {
    const lastTransitionTime = toDate(c.lastTransitionTime);
    return {
      type: c.type,
      status: c.status,
      ...(c.reason ? { reason: c.reason } : {}),
      ...(c.message ? { message: c.message } : {}),
      ...(lastTransitionTime ? { lastTransitionTime } : {}),
    };
  });

  const progressing = conditions.find((c) => c.type === "Progressing");
  const progressDeadlineExceeded =
    progressing?.status === "False" && progressing.reason === "ProgressDeadlineExceeded";
  const replicaFailure = conditions.find((c) => c.type === "ReplicaFailure" && c.status === "True");

  const problems: string[] = [];
  if (progressing && progressDeadlineExceeded) problems.push(describeCondition(progressing));
  if (replicaFailure) problems.push(describeCondition(replicaFailure));

  const counts = `${available}/${desired} available`;
  let severity: Severity;
  let reason: string | undefined;
  if (problems.length > 0) {
    severity = "error";
    reason = [counts, ...problems].join("; ");
  } else if (desired === 0) {
    severity = "info";
    reason = "scaled to zero";
  } else if (available < desired) {
    severity = "warning";
    reason = counts;
  } else {
    severity = "ok";
  }

  return {
    name: d.metadata?.name ?? "",
    namespace: d.metadata?.namespace ?? "",
    desired,
    ready,
    available,
    updated,
    severity,
    ...(reason ? { reason } : {}),
    progressDeadlineExceeded,
    conditions,
  };
}

function describeCondition(condition: DeploymentConditionSummary): string {
  const label = condition.reason ?? condition.type;
  return condition.message ? `${label}: ${condition.message}` : label;
}
