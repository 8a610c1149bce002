import { describe, expect, it } from "vitest";
import { deriveBackoffMs } from "./backoff";

describe("deriveBackoffMs", () => {
  it("doubles from the base and stops at the cap", () => {
    const mid = () => 0.5;
    expect([0, 1, 2, 3, 10, 1000].map((n) => deriveBackoffMs(n, 500, 15_000, mid))).toEqual([
      500, 1000, 2000, 4000, 15_000, 15_000,
    ]);
  });
  it("jitters within ±20 %", () => {
    expect(deriveBackoffMs(1, 500, 15_000, () => 0)).toBe(800);
    expect(deriveBackoffMs(1, 500, 15_000, () => 1)).toBe(1200);
  });
});
