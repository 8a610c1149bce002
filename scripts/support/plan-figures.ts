/** Planning figures shared by bench:plan and bench:reconcile: 15 passes, the cold first one kept apart. */
import type { QuietCache } from "@/lib/drift/quiet";
import type { Plan } from "@/lib/reconcile/types";

export interface PlanFigures {
  /** As the loop plans: the first pass (cold, in a fresh process) fills the quiet cache, the rest read it. */
  times: number[];
  /** Every session classified every pass (the CLI, a cron-only host): after the others, warm. */
  fullTimes: number[];
  /** Sessions the loop's passes passed over as quiet. */
  quiet: number;
  actions: number;
  attention: number;
}

export const planTarget = "target p95 < 50 ms, the cold first pass included";

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Each cluster's quiet cache, as the loop keeps them (lib/reconcile/server.ts). */
export type QuietCaches = Map<string, QuietCache>;

export function measurePlanPasses(plan: (quiet?: QuietCaches) => Plan, passes = 15): PlanFigures {
  const timed = (run: () => Plan) => {
    const times: number[] = [];
    let last: Plan | undefined;
    for (let i = 0; i < passes; i++) {
      const started = performance.now();
      last = run();
      times.push(performance.now() - started);
    }
    return { times, last: last! };
  };
  const quiet: QuietCaches = new Map();
  const loop = timed(() => plan(quiet));
  const full = timed(() => plan());
  if (JSON.stringify(loop.last) !== JSON.stringify(full.last))
    throw new Error("the plan with the quiet cache differs from the plan without it");
  return {
    times: loop.times,
    fullTimes: full.times,
    quiet: [...quiet.values()].reduce((n, cache) => n + cache.size, 0),
    actions: loop.last.actions.length,
    attention: loop.last.attention.length,
  };
}

const ms = (v: number) => `${v.toFixed(1)} ms`;

/** Two lines: as the loop plans (cold pass included), and every session every pass. */
export function planLines(figures: PlanFigures): string[] {
  const { times, fullTimes } = figures;
  return [
    `as the loop plans (${figures.quiet} quiet sessions passed over): cold ${ms(times[0]!)}, p50 ${ms(percentile(times, 50))}, p95 ${ms(percentile(times, 95))}   ${planTarget}`,
    `every session classified (no cache, warm): p50 ${ms(percentile(fullTimes, 50))}, p95 ${ms(percentile(fullTimes, 95))}   (${figures.actions} actions, ${figures.attention} attention)`,
  ];
}

export function printPlanFigures(title: string, figures: PlanFigures): void {
  console.log("");
  console.log(title);
  for (const line of planLines(figures)) console.log(`  planning: ${line}`);
}
