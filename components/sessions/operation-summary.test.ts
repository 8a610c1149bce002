import { describe, expect, it } from "vitest";
import {
  deriveOperationSummary,
  matchesTypedConfirmation,
  matchesTypedCount,
  requiresTypedConfirmation,
} from "./operation-summary";
import type { OperationItem } from "./use-manual-operation";

const item = (patch: Partial<OperationItem>): OperationItem =>
  ({ sessionId: "s-1", description: "delete Deployment s-1", ...patch }) as OperationItem;
const outcome = (status: "applied" | "skipped" | "failed") =>
  ({ status, detail: status }) as NonNullable<OperationItem["outcome"]>;

describe("deriveOperationSummary", () => {
  it("counts each session once, an error or a failed outcome as failed", () => {
    const summary = deriveOperationSummary("delete-resources", [
      item({ outcome: outcome("applied") }),
      item({ outcome: outcome("applied") }),
      item({ outcome: outcome("skipped") }),
      item({ outcome: outcome("failed") }),
      item({ error: "HTTP 500" }),
      item({ refusal: "no objects left to delete" }),
    ]);
    expect(summary).toEqual({ operation: "delete-resources", applied: 2, skipped: 1, failed: 2, refused: 1 });
  });
});

describe("typed confirmation", () => {
  it.each([
    ["force-terminate", 10, false],
    ["force-terminate", 11, true],
    ["delete-resources", 11, true],
    ["retry-stop", 500, false],
  ] as const)("%s on %i sessions needs it: %s", (operation, count, needed) => {
    expect(requiresTypedConfirmation(operation, count)).toBe(needed);
  });

  it.each([
    ["12", true],
    [" 12 ", true],
    ["delete", true],
    ["DELETE", true],
    ["11", false],
    ["", false],
    ["del", false],
  ])("%j confirms 12 sessions: %s", (typed, ok) => {
    expect(matchesTypedConfirmation(typed, 12)).toBe(ok);
  });
});

describe("typed count (bulk over a filter)", () => {
  it.each([
    ["40", 40, true],
    [" 40 ", 40, true],
    ["1,000", 1000, true],
    ["1 000", 1000, true],
    ["41", 40, false],
    ["", 0, false],
    ["delete", 40, false],
    ["40 sessions", 40, false],
    ["040", 40, false],
  ])("%j for %d: %s", (typed, count, expected) => {
    expect(matchesTypedCount(typed, count)).toBe(expected);
  });
});
