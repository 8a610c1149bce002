import { describe, expect, it } from "vitest";
import type { AgentCommandRow, AuditEventRow } from "@/lib/db/schema";
import { deriveSessionTimeline } from "./session-timeline";

const at = (s: string) => new Date(`2026-12-04T${s}Z`);

const audit = (id: number, action: string, time: string): AuditEventRow => ({
  id,
  occurredAt: at(time),
  actorType: "user",
  actorId: "u-1",
  action,
  sessionId: "s-000000000001",
  agentId: null,
  details: { to: "terminating" },
});

const command = {
  id: 7,
  sessionId: "s-000000000001",
  agentId: "agent-1",
  type: "stop_session",
  status: "failed",
  attempt: 2,
  payload: {},
  createdAt: at("02:10:00"),
  dispatchedAt: null,
  dispatchedEpoch: null,
  finishedAt: null,
  error: "agent gone",
} as unknown as AgentCommandRow;

describe("deriveSessionTimeline", () => {
  const entries = deriveSessionTimeline({
    audit: [audit(1, "session.terminating", "02:00:00"), audit(2, "pod.force_deleted", "02:30:00")],
    commands: [command],
    runs: [
      {
        id: 42,
        trigger: "loop",
        status: "partial",
        startedAt: at("02:20:00"),
        outcomes: [{ type: "force-terminate", status: "failed", detail: "error", error: "boom" }],
      },
    ],
    events: [
      {
        at: at("02:05:00"),
        type: "Normal",
        reason: "ScalingReplicaSet",
        message: "Scaled down replica set s-1-7d9f from 1 to 0",
        object: "Deployment/s-000000000001",
        count: 1,
        source: "deployment-controller",
        uid: "ev-1",
      },
      {
        at: at("02:06:00"),
        type: "Warning",
        reason: "FailedKillPod",
        message: "error killing pod",
        object: "Pod/s-1-7d9f-abcde",
        count: 3,
        source: "kubelet",
        uid: "ev-2",
      },
    ],
  });

  it("merges every source, oldest first, each marked with where it comes from", () => {
    expect(entries.map((e) => [e.source, e.what])).toEqual([
      ["state", "session.terminating"],
      ["event", "ScalingReplicaSet Deployment/s-000000000001"],
      ["event", "FailedKillPod Pod/s-1-7d9f-abcde"],
      ["command", "command 7 stop_session (attempt 2)"],
      ["run", "reconcile run 42 (loop)"],
      ["audit", "pod.force_deleted"],
    ]);
  });

  it("links a run to its page and says this session's outcome; flags warnings and failures", () => {
    const run = entries.find((e) => e.source === "run")!;
    expect(run).toMatchObject({ href: "/runs/42", warning: true, who: "run partial" });
    expect(run.detail).toBe("force-terminate failed: error (boom)");
    expect(entries.filter((e) => e.warning).map((e) => e.key)).toEqual(["eev-2", "c7", "r42"]);
    expect(entries.find((e) => e.key === "eev-2")!.detail).toBe("error killing pod (×3)");
  });
});
