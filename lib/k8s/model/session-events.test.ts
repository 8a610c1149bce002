import type { CoreV1Event, V1Pod } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { deriveSessionEvents } from "./session-events";
import { emptySessionObjects } from "./snapshot";

const NOW = new Date("2026-12-04T03:00:00Z");
const S = "s-000000000001";

const event = (
  name: string,
  involved: { kind: string; name: string; uid?: string },
  lastTimestamp: string,
  extra: Partial<CoreV1Event> = {},
): CoreV1Event => ({
  metadata: { name, namespace: "sessions", uid: `uid-${name}` },
  involvedObject: involved,
  reason: "Reason",
  message: `message of ${name}`,
  type: "Normal",
  lastTimestamp: new Date(lastTimestamp),
  ...extra,
});

const pod: V1Pod = {
  metadata: {
    name: `${S}-7d9f-abcde`,
    uid: "pod-uid",
    ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: `${S}-7d9f`, uid: "rs-uid" }],
  },
};
const objects = {
  ...emptySessionObjects(),
  deployments: [{ metadata: { name: S, uid: "deploy-uid" } }],
  pods: [pod],
};

describe("deriveSessionEvents", () => {
  const events = [
    event("a", { kind: "Deployment", name: S, uid: "deploy-uid" }, "2026-12-04T02:50:00Z", {
      reason: "ScalingReplicaSet",
    }),
    event("b", { kind: "ReplicaSet", name: `${S}-7d9f`, uid: "rs-uid" }, "2026-12-04T02:50:01Z"),
    event("c", { kind: "Pod", name: `${S}-7d9f-abcde`, uid: "pod-uid" }, "2026-12-04T02:50:02Z", {
      type: "Warning",
    }),
    // An older ReplicaSet of the Deployment, no pod left: by its name.
    event("d", { kind: "ReplicaSet", name: `${S}-55aa`, uid: "old-rs" }, "2026-12-04T02:40:00Z"),
    // The Service, already gone: by kind and the session's name.
    event("e", { kind: "Service", name: S, uid: "gone-svc" }, "2026-12-04T02:45:00Z"),
    // Someone else's objects in the same namespace.
    event("f", { kind: "Pod", name: "s-000000000002-1-2", uid: "other" }, "2026-12-04T02:50:00Z"),
    event("g", { kind: "ReplicaSet", name: `${S}0-aa`, uid: "other-rs" }, "2026-12-04T02:50:00Z"),
    event("h", { kind: "ConfigMap", name: S, uid: "cm" }, "2026-12-04T02:50:00Z"),
    // Ours, but older than the age cap.
    event("i", { kind: "Deployment", name: S, uid: "deploy-uid" }, "2026-12-02T02:00:00Z"),
  ];

  it("keeps the session's Deployment, ReplicaSets, Service and Pods within the age cap, oldest first", () => {
    const mine = deriveSessionEvents(events, { objects, sessionId: S, now: NOW, maxAgeSeconds: 86_400 });
    expect(mine.map((e) => e.uid)).toEqual(["uid-d", "uid-e", "uid-a", "uid-b", "uid-c"]);
    expect(mine[2]).toMatchObject({ reason: "ScalingReplicaSet", object: `Deployment/${S}`, count: 1 });
    expect(mine[4]).toMatchObject({ type: "Warning", object: `Pod/${S}-7d9f-abcde` });
  });

  it("falls back to eventTime, then firstTimestamp, and drops an Event with no time", () => {
    const noLast = { ...event("j", { kind: "Deployment", name: S }, "2026-12-04T02:00:00Z") };
    delete noLast.lastTimestamp;
    const withEventTime = { ...noLast, metadata: { uid: "et" }, eventTime: new Date("2026-12-04T02:10:00Z") };
    const withFirst = {
      ...noLast,
      metadata: { uid: "ft" },
      firstTimestamp: new Date("2026-12-04T02:20:00Z"),
    };
    const mine = deriveSessionEvents([noLast, withEventTime, withFirst], {
      objects: emptySessionObjects(),
      sessionId: S,
      now: NOW,
      maxAgeSeconds: 86_400,
    });
    expect(mine.map((e) => [e.uid, e.at.toISOString()])).toEqual([
      ["et", "2026-12-04T02:10:00.000Z"],
      ["ft", "2026-12-04T02:20:00.000Z"],
    ]);
  });
});
