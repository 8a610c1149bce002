import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "@/lib/config/env";
import { QUARANTINE_ANNOTATIONS as Q } from "@/lib/k8s/model/labels";
import { deriveQuarantineAnnotations, deriveRestoreAnnotations } from "@/lib/k8s/model/quarantine";
import {
  clusterSnapshot,
  driftAgent,
  fixedClock,
  sessionInput,
  sessionObjects,
  testPolicy,
  type TestSessionObjects,
} from "@/test/support/builders";
import { checkBlastRadius } from "./blast-radius";
import { isDestructive } from "./pass/gate";
import { planReconcile, type PlanSession } from "./plan";
import { deriveClassModes } from "./policy";
import type { Action, ClassMode, ReconcilePolicy } from "./types";

const { now: NOW, ago, later } = fixedClock("2026-12-04T03:00:00Z");
const min = 60;
const quarantineSeconds = 3600;

const objectsOf = (id: string) => sessionObjects(id, { createdAt: ago(3 * 3600) });

/** Sets annotations on every object of `objects` (null removes one), as a merge patch would. */
function marked(objects: TestSessionObjects, annotations: Record<string, string | null>, replicas?: number) {
  for (const o of [...objects.deployments, ...objects.services, ...objects.pods]) {
    const next = { ...o.metadata!.annotations };
    for (const [key, value] of Object.entries(annotations))
      if (value === null) delete next[key];
      else next[key] = value;
    o.metadata!.annotations = next;
  }
  if (replicas !== undefined) for (const d of objects.deployments) d.spec!.replicas = replicas;
  return objects;
}
const quarantinedUntil = (objects: TestSessionObjects, untilAt: Date) =>
  marked(
    objects,
    deriveQuarantineAnnotations({
      now: new Date(untilAt.getTime() - quarantineSeconds * 1000),
      by: "reconciler:loop",
      reason: "orphaned",
      untilAt,
      replicasBefore: 1,
    }),
    0,
  );
const restoredAt = (objects: TestSessionObjects, at: Date) =>
  marked(objects, deriveRestoreAnnotations({ now: at, by: "user:op" }), 1);

const policyWith = (modes: Partial<ReconcilePolicy["modes"]>) =>
  testPolicy({ modes: { ...testPolicy().modes, ...modes }, quarantineSeconds });

function plan(
  sessions: PlanSession[],
  objects: TestSessionObjects[],
  modes: Partial<ReconcilePolicy["modes"]>,
  agentGoneSeconds?: number,
) {
  const agents = new Map(
    agentGoneSeconds === undefined ? [] : [["agent-a", driftAgent(false, ago(agentGoneSeconds))] as const],
  );
  return planReconcile({
    sessions,
    agents,
    snapshot: clusterSnapshot(NOW, objects),
    stopHistory: new Map(),
    now: NOW,
    policy: policyWith(modes),
  });
}

const describeAction = (a: Action) => {
  const refs =
    "targets" in a
      ? `quarantine ${a.targets.map((t) => t.kind).join("+")}`
      : "objects" in a && a.objects.length
        ? `delete ${a.objects.map((o) => o.kind).join("+")}`
        : "";
  const instead =
    "quarantine" in a && a.quarantine
      ? `quarantine ${a.quarantine.targets.map((t) => t.kind).join("+")}`
      : "";
  const after = a.type === "delete-objects" && a.afterQuarantine ? " (after quarantine)" : "";
  return [a.type, a.sessionId, refs, instead].filter(Boolean).join(":") + after;
};

const q: ClassMode = "quarantine";
const auto: ClassMode = "automatic";
const ended = sessionInput("s-leak", "terminated", ago(12 * min));

describe("planReconcile in quarantine mode", () => {
  it.each([
    [
      "an orphan: quarantine its Deployment and Service (not its ReplicaSet's pod)",
      [],
      () => [objectsOf("s-orph")],
      { "orphaned-resources": q },
      ["quarantine-objects:s-orph:quarantine Deployment+Service"],
    ],
    [
      "an orphan in quarantine, not yet due: nothing",
      [],
      () => [quarantinedUntil(objectsOf("s-orph"), later(10 * min))],
      { "orphaned-resources": q },
      [],
    ],
    [
      "an orphan whose quarantine has ended: delete it",
      [],
      () => [quarantinedUntil(objectsOf("s-orph"), ago(1))],
      { "orphaned-resources": q },
      ["delete-objects:s-orph:delete Deployment+Service (after quarantine)"],
    ],
    [
      "automatic mode keeps a quarantine made before the mode changed",
      [],
      () => [quarantinedUntil(objectsOf("s-orph"), later(10 * min))],
      { "orphaned-resources": auto },
      [],
    ],
    [
      "automatic mode deletes once the quarantine has ended",
      [],
      () => [quarantinedUntil(objectsOf("s-orph"), ago(1))],
      { "orphaned-resources": auto },
      ["delete-objects:s-orph:delete Deployment+Service (after quarantine)"],
    ],
    [
      "restored 10 min ago: held off, not quarantined again",
      [],
      () => [restoredAt(objectsOf("s-orph"), ago(10 * min))],
      { "orphaned-resources": q },
      [],
    ],
    [
      "restored 2 h ago (past QUARANTINE_SECONDS): quarantined again",
      [],
      () => [restoredAt(objectsOf("s-orph"), ago(2 * 3600))],
      { "orphaned-resources": q },
      ["quarantine-objects:s-orph:quarantine Deployment+Service"],
    ],
    [
      "a garbled quarantine-until is no quarantine: quarantined afresh, never deleted on a guess",
      [],
      () => [marked(objectsOf("s-orph"), { [Q.until]: "soon" })],
      { "orphaned-resources": q },
      ["quarantine-objects:s-orph:quarantine Deployment+Service"],
    ],
    [
      "a terminated session's leaked objects: quarantined",
      [ended],
      () => [objectsOf("s-leak")],
      { "leaked-resources": q },
      ["quarantine-objects:s-leak:quarantine Deployment+Service"],
    ],
    [
      "leaked objects due: deleted",
      [ended],
      () => [quarantinedUntil(objectsOf("s-leak"), ago(60))],
      { "leaked-resources": q },
      ["delete-objects:s-leak:delete Deployment+Service (after quarantine)"],
    ],
    [
      "stuck terminating, agent gone: force terminate, quarantine instead of delete",
      [sessionInput("s-stuck", "terminating", ago(48 * min))],
      () => [objectsOf("s-stuck")],
      { "stuck-terminating": q },
      ["force-terminate:s-stuck:quarantine Deployment+Service"],
    ],
    [
      "agent lost: terminate, quarantine instead of delete",
      [sessionInput("s-lost", "running", ago(3600))],
      () => [objectsOf("s-lost")],
      { "agent-lost": q },
      ["terminate-session:s-lost:quarantine Deployment+Service"],
    ],
    [
      "automatic mode is unchanged: delete",
      [],
      () => [objectsOf("s-orph")],
      { "orphaned-resources": auto },
      ["delete-objects:s-orph:delete Deployment+Service"],
    ],
  ] as const)("%s", (_name, sessions, objects, modes, expected) => {
    const result = plan([...sessions], objects(), modes, 47 * min);
    expect(result.actions.map(describeAction)).toEqual(expected);
  });

  it("never quarantines a pod no controller owns; it goes with the rest once they are due", () => {
    const bare = (objects: TestSessionObjects) => {
      objects.pods[0]!.metadata!.ownerReferences = [];
      return objects;
    };
    const first = plan([], [bare(objectsOf("s-orph"))], { "orphaned-resources": q });
    expect(first.actions.map(describeAction)).toEqual([
      "quarantine-objects:s-orph:quarantine Deployment+Service",
    ]);
    const waiting = bare(quarantinedUntil(objectsOf("s-orph"), later(60)));
    for (const [k] of Object.entries(waiting.pods[0]!.metadata!.annotations ?? {}))
      if (k.startsWith("session-reconciler.io/quarantin")) delete waiting.pods[0]!.metadata!.annotations![k];
    expect(plan([], [waiting], { "orphaned-resources": q }).actions).toEqual([]);
    const due = bare(quarantinedUntil(objectsOf("s-orph"), ago(1)));
    for (const [k] of Object.entries(due.pods[0]!.metadata!.annotations ?? {}))
      if (k.startsWith("session-reconciler.io/quarantin")) delete due.pods[0]!.metadata!.annotations![k];
    expect(plan([], [due], { "orphaned-resources": q }).actions.map(describeAction)).toEqual([
      "delete-objects:s-orph:delete Pod+Deployment+Service (after quarantine)",
    ]);
  });

  it("records the replicas a Deployment had, to restore them", () => {
    const objects = objectsOf("s-orph");
    objects.deployments[0]!.spec!.replicas = 3;
    const [action] = plan([], [objects], { "orphaned-resources": q }).actions;
    expect(
      action?.type === "quarantine-objects" && action.targets.find((t) => t.kind === "Deployment"),
    ).toMatchObject({ kind: "Deployment", name: "s-orph", replicas: 3 });
  });

  it("says why a restored orphan is left alone, and until when", () => {
    const result = plan([], [restoredAt(objectsOf("s-orph"), ago(10 * min))], { "orphaned-resources": q });
    expect(result.attention).toEqual([
      expect.objectContaining({
        sessionId: "s-orph",
        driftClass: "orphaned-resources",
        sentence: expect.stringContaining(
          `restored from quarantine: left alone until ${later(50 * min).toISOString()}`,
        ),
      }),
    ]);
  });

  it("is idempotent: planning the state its quarantine produces gives nothing", () => {
    const objects = objectsOf("s-orph");
    const first = plan([], [objects], { "orphaned-resources": q });
    expect(first.actions).toHaveLength(1);
    // What the executor does: scale to 0 and mark, until now + QUARANTINE_SECONDS.
    quarantinedUntil(objects, later(quarantineSeconds));
    expect(plan([], [objects], { "orphaned-resources": q }).actions).toEqual([]);
  });

  it("is idempotent for a session ended in quarantine mode: its objects wait out the quarantine", () => {
    const objects = objectsOf("s-stuck");
    const first = plan(
      [sessionInput("s-stuck", "terminating", ago(48 * min))],
      [objects],
      {
        "stuck-terminating": q,
        "leaked-resources": auto,
      },
      47 * min,
    );
    expect(first.actions.map((a) => a.type)).toEqual(["force-terminate"]);
    quarantinedUntil(objects, later(quarantineSeconds));
    const after = plan([sessionInput("s-stuck", "terminated", NOW)], [objects], {
      "stuck-terminating": q,
      "leaked-resources": auto,
    });
    expect(after.actions).toEqual([]);
  });
});

describe("a quarantine and the blast radius", () => {
  it("is not destructive and counts no deletion; the deletion after it does", () => {
    const quarantine = plan([], [objectsOf("s-orph")], { "orphaned-resources": q }).actions;
    const deletion = plan([], [quarantinedUntil(objectsOf("s-orph"), ago(1))], {
      "orphaned-resources": q,
    }).actions;
    const limits = {
      maxDeletions: 0,
      maxSessionPercent: 25,
      minSessionsForPercent: 20,
      maxDestructivePerHour: 0,
    };
    expect(quarantine.map(isDestructive)).toEqual([false]);
    expect(checkBlastRadius(quarantine, 0, limits, 2)).toBeUndefined();
    expect(deletion.map(isDestructive)).toEqual([true]);
    expect(checkBlastRadius(deletion, 0, limits, 2)).toMatch(/delete 2 objects/);
  });
});

describe("deriveClassModes and quarantine", () => {
  it("accepts quarantine for the classes that delete a Deployment", () => {
    const modes = deriveClassModes(
      parseEnv({ RECONCILE_MODES: "orphaned-resources=quarantine,agent-lost=quarantine" }).RECONCILE_MODES,
    );
    expect(modes["orphaned-resources"]).toBe("quarantine");
    expect(modes["agent-lost"]).toBe("quarantine");
  });

  it.each(["missing-resources", "pending-too-long"])("refuses quarantine for %s, saying why", (c) => {
    const configured = parseEnv({ RECONCILE_MODES: `${c}=quarantine` }).RECONCILE_MODES;
    expect(() => deriveClassModes(configured)).toThrow(ConfigError);
    expect(() => deriveClassModes(configured)).toThrow(
      new RegExp(`"${c}" cannot be quarantine: its fix has no Deployment to keep back`),
    );
  });

  it("bounds QUARANTINE_SECONDS", () => {
    expect(parseEnv({}).QUARANTINE_SECONDS).toBe(3600);
    expect(parseEnv({ QUARANTINE_SECONDS: "3" }).QUARANTINE_SECONDS).toBe(3);
    expect(() => parseEnv({ QUARANTINE_SECONDS: "0" })).toThrow(/QUARANTINE_SECONDS/);
    expect(() => parseEnv({ QUARANTINE_SECONDS: "99999999" })).toThrow(/QUARANTINE_SECONDS/);
  });
});
