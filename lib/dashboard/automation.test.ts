import { describe, expect, it } from "vitest";
import { actionableClasses, type ActionableClass, type ClassMode } from "@/lib/reconcile/types";
import { deriveAutomationState, deriveNextLoopAt } from "./automation";

const NOW = new Date("2026-12-03T12:00:00.000Z");
const automatic = Object.fromEntries(actionableClasses.map((c) => [c, "automatic"])) as Record<
  ActionableClass,
  ClassMode
>;
const base = {
  lastDecidingRun: undefined,
  lastLoopStartedAt: null,
  lastSucceeded: null,
  intervalSeconds: 60,
  cronSecretSet: false,
  modes: automatic,
  now: NOW,
};
const run = (status: "succeeded" | "blocked" | "failed", error: string | null = null) => ({
  id: 7,
  status,
  trigger: "loop" as const,
  startedAt: new Date("2026-12-03T11:59:20.000Z"),
  finishedAt: new Date("2026-12-03T11:59:21.000Z"),
  error,
});

describe("deriveNextLoopAt", () => {
  it("is one interval after the last loop pass", () => {
    expect(deriveNextLoopAt(new Date("2026-12-03T11:59:30.000Z"), 60, NOW)).toBe("2026-12-03T12:00:30.000Z");
  });
  it("is now, never in the past, when a beat was missed", () => {
    expect(deriveNextLoopAt(new Date("2026-12-03T11:50:00.000Z"), 60, NOW)).toBe(NOW.toISOString());
  });
  it("is unknown before the loop's first pass", () => {
    expect(deriveNextLoopAt(null, 60, NOW)).toBeNull();
  });
});

describe("deriveAutomationState", () => {
  it("says off when the interval is 0, whatever ran before", () => {
    const state = deriveAutomationState({ ...base, intervalSeconds: 0, lastLoopStartedAt: NOW });
    expect(state.loop).toEqual({ on: false });
  });

  it("names the last run and, when it was held, the block", () => {
    expect(deriveAutomationState({ ...base, lastDecidingRun: run("succeeded") })).toMatchObject({
      blocked: null,
      lastRun: { runId: 7, status: "succeeded", trigger: "loop", at: "2026-12-03T11:59:21.000Z" },
    });
    const held = deriveAutomationState({
      ...base,
      lastDecidingRun: run("blocked", "it would delete 4 objects (limit 1)"),
    });
    expect(held.blocked).toEqual({
      runId: 7,
      since: "2026-12-03T11:59:21.000Z",
      reason: "it would delete 4 objects (limit 1)",
    });
  });

  it("lists the classes left to people as paused, and nothing when all are automatic", () => {
    expect(deriveAutomationState(base).paused).toEqual([]);
    const state = deriveAutomationState({
      ...base,
      modes: { ...automatic, "orphaned-resources": "off", "agent-lost": "manual" },
    });
    expect(state.paused).toEqual([
      { driftClass: "agent-lost", mode: "manual" },
      { driftClass: "orphaned-resources", mode: "off" },
    ]);
  });

  it("says who paused all automation, when and why; null while it runs", () => {
    expect(deriveAutomationState(base).pause).toBeNull();
    const state = deriveAutomationState({
      ...base,
      pause: { pausedBy: "admin@example.com", pausedAt: NOW, reason: "cluster upgrade" },
    });
    expect(state.pause).toEqual({
      by: "admin@example.com",
      at: NOW.toISOString(),
      reason: "cluster upgrade",
    });
  });

  it("carries the cron switch and the last success", () => {
    const state = deriveAutomationState({
      ...base,
      cronSecretSet: true,
      lastSucceeded: { id: 5, at: new Date("2026-12-03T11:00:00.000Z") },
    });
    expect(state).toMatchObject({ cron: true, lastSucceeded: { runId: 5, at: "2026-12-03T11:00:00.000Z" } });
  });
});
