import { describe, expect, it } from "vitest";
import { deriveNextAttemptAt } from "./backoff";

const NOW = new Date("2026-12-04T03:00:00.000Z");
const policy = { maxAttempts: 6, backoffSeconds: 10, maxBackoffSeconds: 3600 };

describe("deriveNextAttemptAt", () => {
  it.each([
    [1, 10],
    [2, 20],
    [3, 40],
    [4, 80],
    [5, 160],
  ])("after attempt %i: %i s later", (attempt, seconds) => {
    expect(deriveNextAttemptAt(attempt, NOW, policy)).toEqual(new Date(NOW.getTime() + seconds * 1000));
  });

  it("none after the last attempt", () => {
    expect(deriveNextAttemptAt(6, NOW, policy)).toBeNull();
    expect(deriveNextAttemptAt(7, NOW, policy)).toBeNull();
  });

  it("caps the wait", () => {
    const long = { maxAttempts: 20, backoffSeconds: 600, maxBackoffSeconds: 3600 };
    expect(deriveNextAttemptAt(10, NOW, long)).toEqual(new Date(NOW.getTime() + 3600 * 1000));
  });

  it("one attempt only: never retried", () => {
    expect(deriveNextAttemptAt(1, NOW, { ...policy, maxAttempts: 1 })).toBeNull();
  });
});
