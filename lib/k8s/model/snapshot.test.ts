import type { V1Deployment, V1Pod } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { indexBySession, type ClusterSnapshot } from "./snapshot";

const labelled = <T>(name: string, session: string) => ({ metadata: { name, labels: { session } } }) as T;

function lists(): Pick<ClusterSnapshot, "deployments" | "services" | "endpointSlices" | "pods"> {
  return {
    deployments: [labelled<V1Deployment>("d-a", "s-a"), labelled<V1Deployment>("d-b", "s-b")],
    services: [],
    endpointSlices: [],
    pods: [labelled<V1Pod>("p-a", "s-a")],
  };
}

describe("the index by session", () => {
  it("is built once for the same lists, and again when any list is another", () => {
    const snapshot = lists();
    const index = indexBySession(snapshot, "session");
    expect(indexBySession({ ...snapshot }, "session")).toBe(index);
    expect(index.get("s-a")?.pods.map((p) => p.metadata?.name)).toEqual(["p-a"]);

    // A Deployment gone (a new list from the observer): the index says so.
    const changed = { ...snapshot, deployments: snapshot.deployments.slice(0, 1) };
    const rebuilt = indexBySession(changed, "session");
    expect(rebuilt).not.toBe(index);
    expect(rebuilt.get("s-b")).toBeUndefined();
    expect(index.get("s-b")?.deployments).toHaveLength(1);
  });

  it("is not shared between label keys", () => {
    const snapshot = lists();
    expect(indexBySession(snapshot, "session").size).toBe(2);
    expect(indexBySession(snapshot, "other").size).toBe(0);
  });
});
