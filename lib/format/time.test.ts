import { describe, expect, it } from "vitest";
import { deriveTimeText, formatRelative, formatUtc } from "./time";

const NOW = new Date("2026-12-03T13:15:08.250Z");

describe("formatUtc", () => {
  it("prints the instant in UTC to the second, with the zone", () => {
    expect(formatUtc(NOW)).toBe("2026-12-03 13:15:08 UTC");
    expect(formatUtc("2026-12-03T08:15:08-05:00")).toBe("2026-12-03 13:15:08 UTC");
  });
});

describe("formatRelative", () => {
  it.each([
    ["2026-12-03T13:15:08.250Z", "0 s ago"],
    ["2026-12-03T13:14:50.000Z", "18 s ago"],
    ["2026-12-03T13:12:08.250Z", "3 min ago"],
    ["2026-12-03T11:10:00.000Z", "2 h 5 min ago"],
    // A little ahead (clock skew, the browser's clock read in steps) is now; well ahead is not.
    ["2026-12-03T13:15:38.250Z", "0 s ago"],
    ["2026-12-03T13:17:08.250Z", "in 2 min"],
  ])("%s → %s", (at, text) => {
    expect(formatRelative(at, NOW)).toBe(text);
  });
});

describe("deriveTimeText", () => {
  const at = "2026-12-03T13:03:08.250Z";
  it.each([
    ["absolute", NOW, "2026-12-03 13:03:08 UTC"],
    ["relative", NOW, "12 min ago"],
    ["elapsed", NOW, "12 min"],
    // No clock yet (server render, first client render): the same UTC text everywhere.
    ["relative", null, "2026-12-03 13:03:08 UTC"],
    ["elapsed", null, "2026-12-03 13:03:08 UTC"],
  ] as const)("%s with now %s → %s", (format, now, text) => {
    expect(deriveTimeText(format, at, now)).toBe(text);
  });
});
