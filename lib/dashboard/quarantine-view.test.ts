import { describe, expect, it } from "vitest";
import { deriveQuarantineAnnotations } from "@/lib/k8s/model/quarantine";
import { clusterSnapshot, fixedClock, sessionObjects, testInstallationId } from "@/test/support/builders";
import { defaultDriftThresholds } from "@/lib/drift/types";
import { indexBySession } from "@/lib/k8s/model/snapshot";
import { deriveQuarantineEntries } from "./quarantine-view";
import { buildSessionRows } from "./session-rows";

const { now: NOW, ago, later } = fixedClock("2026-12-04T03:00:00Z");

function quarantined(id: string, untilAt: Date) {
  const objects = sessionObjects(id, { createdAt: ago(3 * 3600) });
  const marks = deriveQuarantineAnnotations({
    now: ago(600),
    by: "reconciler:loop",
    reason: "orphaned: no session row",
    untilAt,
    replicasBefore: 2,
  });
  for (const o of [...objects.deployments, ...objects.services])
    o.metadata!.annotations = { ...o.metadata!.annotations, ...(marks as Record<string, string>) };
  for (const o of [...objects.deployments, ...objects.services])
    for (const [k, v] of Object.entries(marks)) if (v === null) delete o.metadata!.annotations![k];
  return objects;
}

describe("deriveQuarantineEntries", () => {
  it("lists each quarantined orphan with its marks and time left, soonest first; others not at all", () => {
    const snapshot = clusterSnapshot(NOW, [
      quarantined("s-late", later(3000)),
      quarantined("s-soon", later(60)),
      quarantined("s-due", ago(5)),
      sessionObjects("s-plain", { createdAt: ago(3 * 3600) }),
    ]);
    const rows = buildSessionRows({
      sessions: [],
      agents: new Map(),
      snapshot,
      sessionLabelKey: "session",
      now: NOW,
      thresholds: defaultDriftThresholds,
      installationId: testInstallationId,
    });
    const index = indexBySession(snapshot, "session");
    const entries = deriveQuarantineEntries(rows, (id) => index.get(id), NOW);
    expect(entries.map((e) => [e.sessionId, e.secondsLeft])).toEqual([
      ["s-due", 0],
      ["s-soon", 60],
      ["s-late", 3000],
    ]);
    expect(entries[1]).toMatchObject({
      kind: "orphan",
      objects: [
        { kind: "Deployment", name: "s-soon", replicasBefore: 2, quarantinedBy: "reconciler:loop" },
        { kind: "Service", name: "s-soon", reason: "orphaned: no session row" },
      ],
    });
  });
});
