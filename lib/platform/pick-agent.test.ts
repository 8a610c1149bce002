import { describe, expect, it } from "vitest";
import { pickAgent } from "./pick-agent";

describe("pickAgent", () => {
  it.each([
    [[], {}, undefined],
    [["a"], {}, "a"],
    [["a", "b"], { a: 3, b: 1 }, "b"],
    [["b", "a"], { a: 2, b: 2 }, "a"],
    [["a", "b", "c"], { a: 1, b: 0 }, "b"],
  ])("candidates %j with loads %j → %s", (ids, loads, expected) => {
    const activeSessions = new Map(Object.entries(loads as Record<string, number>));
    expect(
      pickAgent(
        ids.map((id) => ({ id })),
        activeSessions,
      ),
    ).toBe(expected);
  });
});
