import { describe, expect, it } from "vitest";
import { formatDuration } from "./duration";

describe("formatDuration", () => {
  it.each([
    [0, "0 s"],
    [59.9, "59 s"],
    [60, "1 min"],
    [48 * 60 + 10, "48 min"],
    [3600, "1 h"],
    [2 * 3600 + 5 * 60, "2 h 5 min"],
    [86400 * 3 + 3600 * 4, "3 d 4 h"],
    [-5, "0 s"],
  ])("%d s → %s", (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});
