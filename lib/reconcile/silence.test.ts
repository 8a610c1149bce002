import { describe, expect, it } from "vitest";
import type { DriftAgent } from "@/lib/drift/classify";
import { driftAgent, fixedClock } from "@/test/support/builders";
import { deriveSilenceHolds } from "./silence";

const { now: NOW, ago } = fixedClock("2026-12-03T12:00:00Z");
const up = (id: string, cluster = "c1") => driftAgent(true, ago(7200), { id, cluster });
const silentFor = (id: string, seconds: number, cluster = "c1") =>
  driftAgent(false, ago(seconds), { id, cluster });
const holds = (agents: DriftAgent[], aliveSince: Date | null = ago(86_400)) =>
  deriveSilenceHolds({
    agents: new Map(agents.map((a) => [a.id, a])),
    now: NOW,
    aliveSince,
    windowSeconds: 120,
    evidenceSeconds: 60,
  });

describe("deriveSilenceHolds", () => {
  it("holds nothing when one agent of several stops: that is the incident the reconciler is for", () => {
    expect(holds([up("a"), up("b"), silentFor("old", 900)]).size).toBe(0);
  });

  it("holds every agent when most fell silent inside one window", () => {
    const result = holds([up("a"), silentFor("b", 600), silentFor("c", 590), silentFor("d", 560)]);
    expect([...result.keys()].sort()).toEqual(["b", "c", "d"]);
    expect(result.get("b")).toMatch(/^3 of 4 agents fell silent within 120 s/);
  });

  it("does not count silences far apart as one event", () => {
    expect(holds([up("a"), up("b"), silentFor("c", 5000), silentFor("d", 600)]).size).toBe(0);
  });

  it("does not count agents dead long before as part of the population", () => {
    // "x" died hours ago; of the three that were alive, two fell silent together.
    const result = holds([up("a"), silentFor("x", 20_000), silentFor("b", 600), silentFor("c", 590)]);
    expect([...result.keys()].sort()).toEqual(["b", "c"]);
  });

  it("holds all agents of one cluster when all of them fell silent together", () => {
    const result = holds([
      up("a", "c1"),
      up("b", "c1"),
      up("e", "c1"),
      silentFor("c", 600, "c2"),
      silentFor("d", 580, "c2"),
    ]);
    expect([...result.keys()].sort()).toEqual(["c", "d"]);
    expect(result.get("c")).toMatch(/agents of cluster c2/);
  });

  it("holds silences older than this installation's own liveness until they have been heard long enough", () => {
    // We were down until 20 s ago: an agent silent for 10 min may only have been silent to us.
    const justBack = holds([up("a"), up("b"), silentFor("c", 600)], ago(20));
    expect(justBack.get("c")).toMatch(/could not receive heartbeats before/);
    // 2 min after our recovery the agent is still silent: now it is evidence.
    expect(holds([up("a"), up("b"), silentFor("c", 600)], ago(120)).size).toBe(0);
    // No record of our liveness at all: nothing is evidence.
    expect(holds([up("a"), up("b"), silentFor("c", 600)], null).get("c")).toMatch(
      /no record of its own liveness/,
    );
  });

  it("leaves an agent that fell silent after our recovery to the usual grace", () => {
    expect(holds([up("a"), up("b"), silentFor("c", 5)], ago(30)).size).toBe(0);
  });
});
