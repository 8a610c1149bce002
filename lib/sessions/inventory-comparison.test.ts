import { describe, expect, it } from "vitest";
import { deriveInventoryComparison, type ComparedSession } from "./inventory-comparison";

const row = (id: string, state: ComparedSession["state"], agentId = "agent-a"): ComparedSession => ({
  id,
  state,
  agentId,
});

describe("deriveInventoryComparison", () => {
  it.each([
    ["all agree", ["s-1", "s-2"], [row("s-1", "running"), row("s-2", "running")], [2, 2, 0, 0, 0]],
    ["an ended session still reported", ["s-1"], [row("s-1", "terminated")], [1, 0, 1, 0, 0]],
    ["a running session not reported", [], [row("s-1", "running")], [0, 0, 0, 1, 0]],
    [
      "terminating/pending not reported: not missing",
      [],
      [row("s-1", "terminating"), row("s-2", "pending")],
      [0, 0, 0, 0, 0],
    ],
    ["an id we have no row for", ["s-x"], [], [1, 0, 0, 0, 1]],
    [
      "another agent's running session is not this one's missing",
      [],
      [row("s-1", "running", "agent-b")],
      [0, 0, 0, 0, 0],
    ],
    ["duplicates counted once", ["s-1", "s-1"], [row("s-1", "running")], [1, 1, 0, 0, 0]],
  ] as const)("%s", (_name, reported, rows, [r, matched, ended, missing, unknown]) => {
    expect(
      deriveInventoryComparison({ agentId: "agent-a", reported: [...reported], rows: [...rows] }),
    ).toMatchObject({
      reported: r,
      matched,
      endedButRunning: ended,
      missing,
      unknownToUs: unknown,
    });
  });

  it("names the ids, sorted and capped", () => {
    const rows = Array.from({ length: 30 }, (_, i) => row(`s-${String(i).padStart(2, "0")}`, "running"));
    const result = deriveInventoryComparison({ agentId: "agent-a", reported: ["s-00"], rows });
    expect(result.missing).toBe(29);
    expect(result.missingIds).toHaveLength(20);
    expect(result.missingIds[0]).toBe("s-01");
  });
});
