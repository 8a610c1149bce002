import { describe, expect, it } from "vitest";
import { derivePlanHash } from "./plan-hash";
import type { Action, ObjectRef } from "./types";

const deployment: ObjectRef = { kind: "Deployment", namespace: "sessions", name: "s-1", uid: "u-1" };
const service: ObjectRef = { kind: "Service", namespace: "sessions", name: "s-1", uid: "u-2" };
const deletion = (objects = [deployment, service], reason = "orphaned for 12 min; delete them"): Action => ({
  type: "delete-objects",
  sessionId: "s-1",
  objects,
  driftClass: "orphaned-resources",
  reason,
});
const stop = (attempt: number): Action => ({
  type: "retry-stop",
  sessionId: "s-2",
  agentId: "agent-a",
  attempt,
  driftClass: "stuck-terminating",
  reason: "stuck; stop again",
});

describe("derivePlanHash", () => {
  it("is the same for the same actions on the same objects, whatever their order, wording or counters", () => {
    expect(derivePlanHash([deletion(), stop(1)])).toBe(
      derivePlanHash([stop(2), deletion([service, deployment], "orphaned for 13 min; delete them")]),
    );
  });

  it("differs when an object was replaced, changed, added, or an action is another", () => {
    const base = derivePlanHash([deletion()]);
    expect(derivePlanHash([deletion([{ ...deployment, uid: "u-9" }, service])])).not.toBe(base);
    expect(derivePlanHash([deletion([{ ...deployment, resourceVersion: "7" }, service])])).not.toBe(base);
    expect(derivePlanHash([deletion([deployment])])).not.toBe(base);
    expect(derivePlanHash([deletion(), stop(1)])).not.toBe(base);
    expect(derivePlanHash([])).not.toBe(base);
  });
});
