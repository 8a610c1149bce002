import { describe, expect, it } from "vitest";
import { sortAgentRows, type SortableAgentRow } from "./agents-sort";

const row = (
  id: string,
  over: {
    approval?: string;
    connected?: boolean;
    epoch?: number;
    heartbeat?: string | null;
    active?: number;
    drifting?: number;
  } = {},
): SortableAgentRow => ({
  agent: {
    id,
    approvalStatus: over.approval ?? "approved",
    epoch: over.epoch ?? 1,
    lastHeartbeatAt: over.heartbeat === null ? null : new Date(over.heartbeat ?? "2026-12-03T03:00:00Z"),
  },
  connection: { connected: over.connected ?? true },
  stats: { active: over.active ?? 0, drifting: over.drifting ?? 0 },
});

const rows = [
  row("agent-b", {
    approval: "pending",
    connected: false,
    epoch: 3,
    heartbeat: null,
    active: 2,
    drifting: 2,
  }),
  row("agent-a", { epoch: 1, heartbeat: "2026-12-03T02:59:00Z", active: 5 }),
  row("agent-c", {
    approval: "rejected",
    epoch: 2,
    heartbeat: "2026-12-03T03:00:00Z",
    active: 0,
    drifting: 1,
  }),
];
const ids = (sorted: SortableAgentRow[]) => sorted.map((r) => r.agent.id);

describe("sortAgentRows", () => {
  it.each([
    ["agent", "asc", ["agent-a", "agent-b", "agent-c"]],
    ["agent", "desc", ["agent-c", "agent-b", "agent-a"]],
    ["approval", "asc", ["agent-a", "agent-b", "agent-c"]],
    ["connection", "asc", ["agent-b", "agent-a", "agent-c"]],
    ["epoch", "desc", ["agent-b", "agent-c", "agent-a"]],
    ["heartbeat", "asc", ["agent-b", "agent-a", "agent-c"]],
    ["sessions", "desc", ["agent-a", "agent-b", "agent-c"]],
    ["drift", "desc", ["agent-b", "agent-c", "agent-a"]],
  ] as const)("by %s %s", (key, dir, expected) => {
    expect(ids(sortAgentRows(rows, key, dir))).toEqual(expected);
  });

  it("breaks ties by id, A to Z, in either direction", () => {
    const tied = [row("z"), row("m"), row("a")];
    expect(ids(sortAgentRows(tied, "epoch", "desc"))).toEqual(["a", "m", "z"]);
    expect(ids(sortAgentRows(tied, "epoch", "asc"))).toEqual(["a", "m", "z"]);
  });
});
