import { compareText } from "@/lib/format/compare";
import { partitionByCluster, withoutOtherClustersObjects } from "@/lib/drift/clusters";
import type { QuietCache } from "@/lib/drift/quiet";
import type { ClusterView } from "@/lib/k8s/model/snapshot";
import { planReconcile, type PlanInput, type PlanSession } from "./plan";
import type { Action, Attention, Plan } from "./types";

/** A session as a pass across clusters reads it: with the cluster its objects live in. */
export type ClusterPlanSession = PlanSession & { cluster?: string };

/** What a pass across clusters plans from: every cluster's view beside the one database. */
export interface ClustersPlanInput extends Omit<PlanInput, "snapshot" | "sessions" | "quiet"> {
  sessions: ClusterPlanSession[];
  clusters: ClusterView[];
  /**
   * The configured cluster a session's `cluster` names, or undefined when none is (see
   * lib/config/clusters.ts resolveCluster: with one cluster, every session is its).
   */
  resolveCluster: (cluster: string | undefined) => string | undefined;
  /** Each cluster's quiet sessions, kept by the process between passes (see PlanInput.quiet). */
  quietByCluster?: Map<string, QuietCache>;
}

/** Sessions of a cluster this installation does not watch: never planned, said in the run. */
export interface UnwatchedCluster {
  cluster: string;
  sessions: number;
}

export type ClustersPlan = Plan & {
  unwatched: UnwatchedCluster[];
  /** Each cluster's own drift counts (the metrics' `cluster` label). */
  driftCountsByCluster: Record<string, Plan["driftCounts"]>;
};

/** The cluster's own quiet cache, made on its first pass. */
function quietOf(caches: Map<string, QuietCache> | undefined, cluster: string): QuietCache | undefined {
  if (!caches) return undefined;
  let cache = caches.get(cluster);
  if (!cache) caches.set(cluster, (cache = new Map()));
  return cache;
}

/**
 * The plan of a pass over many clusters: each cluster planned on its own (its sessions, its
 * snapshot — an unknown cluster holds only its own sessions), every object reference tagged with
 * its cluster (when there are several) so the delete reaches that cluster's API server, and the
 * plans merged in the order
 * the clusters are configured.
 *
 * An object of a session that belongs to another cluster is never that cluster's to act on: it is
 * left out of the cluster's plan and said as attention (one cluster configured twice, or an agent
 * registered under the wrong cluster, would otherwise see every session of the other as an orphan).
 */
export function planAcrossClusters(input: ClustersPlanInput): ClustersPlan {
  const { clusters, sessions, resolveCluster, quietByCluster, ...rest } = input;
  const ids = clusters.map((c) => c.cluster);
  const { own, clusterOf, unwatched } = partitionByCluster(sessions, ids, resolveCluster);
  const plans = clusters.map((view) => {
    const { kept, misplaced } = withoutOtherClustersObjects(view, clusterOf, input.policy.sessionLabelKey);
    const plan = planReconcile({
      ...rest,
      sessions: own.get(view.cluster)!,
      snapshot: kept,
      quiet: quietOf(quietByCluster, view.cluster),
    });
    const attention = misplaced.map((m): Attention => ({
      sessionId: m.sessionId,
      driftClass: "foreign-objects",
      sentence: `${m.objects} object(s) of session ${m.sessionId}, which lives in cluster ${m.home}, were seen in cluster ${view.cluster}: left alone (is one cluster configured twice, or an agent registered under the wrong cluster?)`,
    }));
    // With one cluster an untagged reference is that cluster's (and reads as before).
    return tagPlan(plan, clusters.length > 1 ? view.cluster : undefined, attention);
  });
  const unwatchedCounts = new Map<string, number>();
  for (const s of unwatched)
    unwatchedCounts.set(s.cluster ?? "(none)", (unwatchedCounts.get(s.cluster ?? "(none)") ?? 0) + 1);
  return {
    ...mergePlans(plans),
    driftCountsByCluster: Object.fromEntries(ids.map((id, i) => [id, plans[i]!.driftCounts])),
    unwatched: [...unwatchedCounts].map(([cluster, count]) => ({ cluster, sessions: count })),
  };
}

/** Every object reference of the plan names `cluster` (if given); the misplaced objects join its attention. */
function tagPlan(plan: Plan, cluster: string | undefined, misplaced: Attention[]): Plan {
  const tag = <T extends object>(refs: T[]) => (cluster ? refs.map((ref) => ({ ...ref, cluster })) : refs);
  const actions = plan.actions.map((action): Action => {
    if ("objects" in action) return { ...action, objects: tag(action.objects) } as Action;
    if ("targets" in action) return { ...action, targets: tag(action.targets) } as Action;
    return action;
  });
  return {
    ...plan,
    actions,
    attention: [...plan.attention, ...misplaced],
    findings: [...plan.findings, ...misplaced],
    driftCounts: {
      ...plan.driftCounts,
      "foreign-objects": plan.driftCounts["foreign-objects"] + misplaced.length,
    },
  };
}

/** The clusters' plans as one: actions in cluster order, attention and findings sorted, counts summed. */
export function mergePlans(plans: Plan[]): Plan {
  if (plans.length === 1) return plans[0]!;
  const bySessionAndClass = (a: Attention, b: Attention) =>
    compareText(a.sessionId, b.sessionId) || compareText(a.driftClass, b.driftClass);
  const driftCounts = { ...plans[0]!.driftCounts };
  for (const plan of plans.slice(1))
    for (const [driftClass, count] of Object.entries(plan.driftCounts))
      driftCounts[driftClass as keyof typeof driftCounts] += count;
  const due = plans.flatMap((p) => (p.nextDueAt ? [p.nextDueAt] : [])).sort();
  return {
    actions: plans.flatMap((p) => p.actions),
    attention: plans.flatMap((p) => p.attention).sort(bySessionAndClass),
    findings: plans.flatMap((p) => p.findings).sort(bySessionAndClass),
    driftCounts,
    heldForSilence: plans.reduce((sum, p) => sum + p.heldForSilence, 0),
    ...(due[0] ? { nextDueAt: due[0] } : {}),
  };
}
