import { describe, expect, it } from "vitest";
import { deriveOutcomeTallies } from "./run-outcomes";

const none = { applied: 0, skipped: 0, failed: 0, "not-executed": 0 };

describe("deriveOutcomeTallies", () => {
  it.each([
    ["an empty plan", [], [], []],
    [
      "a dry run (no outcomes)",
      [{ type: "force-terminate" }, { type: "force-terminate" }],
      [],
      [{ type: "force-terminate", total: 2, counts: { ...none, "not-executed": 2 } }],
    ],
    [
      "mixed types and outcomes, in the plan's order",
      [
        { type: "delete-resources" },
        { type: "force-terminate" },
        { type: "delete-resources" },
        { type: "retry-stop" },
      ],
      [{ status: "applied" }, { status: "failed" }, { status: "skipped" }],
      [
        { type: "delete-resources", total: 2, counts: { ...none, applied: 1, skipped: 1 } },
        { type: "force-terminate", total: 1, counts: { ...none, failed: 1 } },
        { type: "retry-stop", total: 1, counts: { ...none, "not-executed": 1 } },
      ],
    ],
  ] as const)("%s", (_, plan, outcomes, expected) => {
    expect(deriveOutcomeTallies(plan, outcomes)).toEqual(expected);
  });
});
