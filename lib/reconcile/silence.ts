import type { DriftAgent } from "@/lib/drift/classify";
import { secondsBetween } from "@/lib/format/duration";

/**
 * Why an agent's silence may not be taken as its death this pass, per agent id. Silence is
 * evidence only when the agent fell silent alone, while this installation was able to hear it.
 */
export type SilenceHolds = Map<string, string>;

export interface SilenceInput {
  agents: ReadonlyMap<string, DriftAgent>;
  now: Date;
  /** Since when this installation has been receiving without a gap (null: never recorded). */
  aliveSince: Date | null;
  /** Silences that start within this many seconds of each other fell silent together. */
  windowSeconds: number;
  /** How long an agent's silence must be observed before it is evidence (heartbeat timeout + grace). */
  evidenceSeconds: number;
}

const fmt = (d: Date) => d.toISOString().replace(/\.\d+Z$/, "Z");

/**
 * Which silent agents' sessions must be held, and why:
 * - this installation itself could not hear anyone until `aliveSince` (our database or app was
 *   down): every silence that began before it is held until it has been observed for long enough;
 * - most agents, or all agents of one cluster (two or more), fell silent inside one window: the
 *   fault is more likely ours or the network's than theirs, so none of them is taken as dead.
 * A lone agent that stops while the others go on is not held: that is the case the reconciler exists for.
 */
export function deriveSilenceHolds(input: SilenceInput): SilenceHolds {
  const { now, aliveSince, windowSeconds } = input;
  const holds: SilenceHolds = new Map();
  const heard = [...input.agents.values()].filter(
    (a) => a.approvalStatus === "approved" && a.connection.since,
  );
  const silent = heard
    .filter((a) => !a.connection.connected)
    .sort((a, b) => a.connection.since!.getTime() - b.connection.since!.getTime());

  if (!aliveSince || secondsBetween(aliveSince, now) < input.evidenceSeconds) {
    for (const agent of silent) {
      if (!aliveSince || agent.connection.since! < new Date(aliveSince.getTime() + 1000)) {
        holds.set(
          agent.id,
          aliveSince
            ? `this installation could not receive heartbeats before ${fmt(aliveSince)}: suspect the control plane, not the agent`
            : "this installation has no record of its own liveness yet: suspect the control plane, not the agent",
        );
      }
    }
  }

  const together = (
    members: DriftAgent[],
    population: DriftAgent[],
    rule: (n: number, of: number) => boolean,
    what: string,
  ) => {
    for (let i = 0; i < members.length; i++) {
      const start = members[i]!.connection.since!;
      const group = members.filter(
        (a) => a.connection.since! >= start && secondsBetween(start, a.connection.since!) <= windowSeconds,
      );
      // Agents silent since long before this group were already gone: they do not count.
      const of = population.filter((a) => a.connection.connected || a.connection.since! >= start).length;
      if (group.length >= 2 && rule(group.length, of)) {
        for (const agent of group)
          if (!holds.has(agent.id))
            holds.set(
              agent.id,
              `${group.length} of ${of} ${what} fell silent within ${windowSeconds} s of ${fmt(start)}: suspect the control plane or the network, not the agents`,
            );
      }
    }
  };
  together(silent, heard, (n, of) => n * 2 > of, "agents");
  const clusters = new Set(heard.map((a) => a.cluster ?? ""));
  for (const cluster of clusters) {
    const inCluster = heard.filter((a) => (a.cluster ?? "") === cluster);
    together(
      silent.filter((a) => (a.cluster ?? "") === cluster),
      inCluster,
      (n, of) => n === of,
      `agents of cluster ${cluster || "(unnamed)"}`,
    );
  }
  return holds;
}
