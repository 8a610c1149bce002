import type { CoreV1Event } from "@kubernetes/client-node";
import type { SessionObjects } from "./snapshot";

/** One Kubernetes Event of a session's object, as the timeline shows it. */
export interface SessionEvent {
  /** When it last happened (`lastTimestamp`, else `eventTime`, else `firstTimestamp`). */
  at: Date;
  /** `Normal` or `Warning`. */
  type: string;
  reason: string;
  message: string;
  /** "Deployment/s-1", "ReplicaSet/s-1-7d9f", "Pod/s-1-7d9f-abcde". */
  object: string;
  /** How many times it happened (the API server folds repeats into one Event). */
  count: number;
  /** Who reported it: "deployment-controller", "default-scheduler". */
  source: string;
  uid: string;
}

const toDate = (value: Date | string | undefined | null): Date | undefined => {
  if (!value) return undefined;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? undefined : at;
};

/**
 * Which Events are about the session's objects: the Deployment, its ReplicaSets (by the pods' owner
 * references, or named `<deployment>-<hash>` for those already gone), the Service and the Pods — by
 * involved object uid, or kind and name for objects no longer observed. Events older than `maxAgeSeconds`
 * are left out. Newest last. Pure.
 */
export function deriveSessionEvents(
  events: readonly CoreV1Event[],
  input: { objects: SessionObjects; sessionId: string; now: Date; maxAgeSeconds: number },
): SessionEvent[] {
  const { objects, sessionId, now } = input;
  const uids = new Set<string>();
  const names = new Set<string>();
  const add = (kind: string, meta?: { uid?: string; name?: string }) => {
    if (meta?.uid) uids.add(meta.uid);
    if (meta?.name) names.add(`${kind}/${meta.name}`);
  };
  for (const d of objects.deployments) add("Deployment", d.metadata);
  for (const s of objects.services) add("Service", s.metadata);
  for (const p of objects.pods) {
    add("Pod", p.metadata);
    for (const owner of p.metadata?.ownerReferences ?? []) add(owner.kind, owner);
  }
  // The session's Deployment and Service are named for it, even once deleted.
  names.add(`Deployment/${sessionId}`).add(`Service/${sessionId}`);
  const deployments = [sessionId, ...objects.deployments.map((d) => d.metadata?.name ?? "")];
  const oldest = now.getTime() - input.maxAgeSeconds * 1000;
  const mine = (e: CoreV1Event) => {
    const o = e.involvedObject;
    if (o.uid && uids.has(o.uid)) return true;
    if (names.has(`${o.kind}/${o.name}`)) return true;
    return (
      o.kind === "ReplicaSet" &&
      deployments.some((d) => !!d && !!o.name && new RegExp(`^${escape(d)}-[a-z0-9]+$`).test(o.name))
    );
  };
  return events
    .flatMap((e): SessionEvent[] => {
      const at =
        toDate(e.lastTimestamp) ?? toDate(e.eventTime as unknown as string) ?? toDate(e.firstTimestamp);
      if (!at || at.getTime() < oldest || !mine(e)) return [];
      return [
        {
          at,
          type: e.type ?? "Normal",
          reason: e.reason ?? "",
          message: e.message ?? "",
          object: `${e.involvedObject.kind}/${e.involvedObject.name}`,
          count: e.count ?? e.series?.count ?? 1,
          source: e.source?.component ?? e.reportingComponent ?? "",
          uid: e.metadata?.uid ?? `${e.metadata?.namespace}/${e.metadata?.name}`,
        },
      ];
    })
    .sort((a, b) => a.at.getTime() - b.at.getTime() || a.uid.localeCompare(b.uid));
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
