import type { V1Node, V1Pod } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { INSTALLATION_ID_ANNOTATION, MANAGED_BY_LABEL } from "./labels";
import { deriveNodeLoss, derivePodRepairRefusal, type PodOwnership } from "./pod-repair";

const NOW = new Date("2026-12-04T03:00:00Z");
const ownership: PodOwnership = {
  installation: "sr",
  installationId: "id-1",
  sessionLabelKey: "session",
  sessionId: "s-000000000001",
};

function pod(overrides: {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  deletionTimestamp?: string;
}): V1Pod {
  return {
    metadata: {
      name: "s-000000000001-abc-xyz",
      namespace: "sessions",
      labels: overrides.labels ?? { [MANAGED_BY_LABEL]: "sr", session: "s-000000000001" },
      annotations: overrides.annotations ?? { [INSTALLATION_ID_ANNOTATION]: "id-1" },
      ...(overrides.deletionTimestamp ? { deletionTimestamp: new Date(overrides.deletionTimestamp) } : {}),
    },
  };
}

describe("derivePodRepairRefusal", () => {
  it.each([
    ["ours, 2 min past its deadline", pod({ deletionTimestamp: "2026-12-04T02:58:00Z" }), undefined],
    ["not Terminating", pod({}), /is not Terminating/],
    [
      "within grace + margin",
      pod({ deletionTimestamp: "2026-12-04T02:59:30Z" }),
      /still within its grace period/,
    ],
    [
      "another installation's label",
      pod({
        labels: { [MANAGED_BY_LABEL]: "other", session: "s-000000000001" },
        deletionTimestamp: "2026-12-04T02:00:00Z",
      }),
      /not managed by this installation/,
    ],
    [
      "no label at all",
      pod({ labels: {}, deletionTimestamp: "2026-12-04T02:00:00Z" }),
      /not managed by this installation/,
    ],
    [
      "another installation's id",
      pod({
        annotations: { [INSTALLATION_ID_ANNOTATION]: "id-2" },
        deletionTimestamp: "2026-12-04T02:00:00Z",
      }),
      /does not carry this installation's id/,
    ],
    [
      "another session's pod",
      pod({
        labels: { [MANAGED_BY_LABEL]: "sr", session: "s-000000000002" },
        deletionTimestamp: "2026-12-04T02:00:00Z",
      }),
      /not a pod of session s-000000000001/,
    ],
  ])("%s", (_name, input, expected) => {
    const refusal = derivePodRepairRefusal(input, { ownership, now: NOW, marginSeconds: 60 });
    if (expected === undefined) expect(refusal).toBeUndefined();
    else expect(refusal).toMatch(expected);
  });
});

const node = (ready: string | undefined, heartbeat = "2026-12-04T02:59:00Z"): V1Node => ({
  metadata: { name: "n-1" },
  status: {
    conditions: ready ? [{ type: "Ready", status: ready, lastHeartbeatTime: new Date(heartbeat) }] : [],
  },
});

describe("deriveNodeLoss", () => {
  it.each([
    ["a Ready node with a fresh heartbeat", node("True"), undefined],
    ["no such Node", null, /its node n-1 is lost: the process may still run there \(no such Node\)/],
    ["NotReady", node("False"), /lost: .*Ready is False/],
    ["Unknown (the node controller gave up on it)", node("Unknown"), /Ready is Unknown/],
    ["no Ready condition", node(undefined), /Ready is not reported/],
    [
      "Ready but silent for an hour",
      node("True", "2026-12-04T02:00:00Z"),
      /no heartbeat since 2026-12-04T02:00:00/,
    ],
  ])("%s", (_name, input, expected) => {
    const loss = deriveNodeLoss("n-1", input, NOW);
    if (expected === undefined) expect(loss).toBeUndefined();
    else expect(loss).toMatch(expected);
  });
});
