import { describe, expect, it } from "vitest";
import { deriveLoopDelaySeconds } from "./loop-delay";

const NOW = new Date("2026-11-28T12:00:00Z");
const at = (seconds: number) => new Date(NOW.getTime() + seconds * 1000).toISOString();

describe("deriveLoopDelaySeconds", () => {
  it.each([
    ["nothing ripening: the interval", undefined, 60],
    ["evidence ripens in 6 s: pass then", at(6), 6],
    ["evidence ripens after the interval: the interval", at(90), 60],
    ["already due (a slow pass): the floor, never a spin", at(-5), 2],
    ["unparsable: the interval", "not a date", 60],
  ] as const)("%s", (_name, nextDueAt, expected) => {
    expect(deriveLoopDelaySeconds({ intervalSeconds: 60, nextDueAt, now: NOW })).toBe(expected);
  });
});
