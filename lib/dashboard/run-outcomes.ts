/** What became of a planned action: its outcome's status, or `not-executed` when it has none. */
export const outcomeKinds = ["applied", "skipped", "failed", "not-executed"] as const;
export type OutcomeKind = (typeof outcomeKinds)[number];

/** One action type of a run and how its actions ended. */
export type OutcomeTally = { type: string; total: number; counts: Record<OutcomeKind, number> };

/**
 * A run's planned actions counted by type and outcome (outcomes are stored by the plan's
 * position), for the bar chart on the run's page; types in the order the plan first names them.
 */
export function deriveOutcomeTallies(
  plan: readonly { type: string }[],
  outcomes: readonly ({ status: "applied" | "skipped" | "failed" } | null | undefined)[],
): OutcomeTally[] {
  const byType = new Map<string, OutcomeTally>();
  plan.forEach((action, i) => {
    let tally = byType.get(action.type);
    if (!tally) {
      tally = {
        type: action.type,
        total: 0,
        counts: { applied: 0, skipped: 0, failed: 0, "not-executed": 0 },
      };
      byType.set(action.type, tally);
    }
    tally.total++;
    tally.counts[outcomes[i]?.status ?? "not-executed"]++;
  });
  return [...byType.values()];
}
