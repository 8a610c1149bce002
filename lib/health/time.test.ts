import { describe, expect, it } from "vitest";
import { toDate } from "./time";

describe("toDate", () => {
  it("accepts Dates and RFC 3339 strings, rejects garbage", () => {
    const date = new Date("2026-11-28T04:29:46Z");
    expect(toDate(date)).toBe(date);
    expect(toDate("2026-11-28T04:29:46Z")).toEqual(date);
    expect(toDate("not a time")).toBeUndefined();
    expect(toDate(null)).toBeUndefined();
  });
});
