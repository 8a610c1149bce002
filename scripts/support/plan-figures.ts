/** Planning figures shared by bench:plan and bench:reconcile: 15 passes, the cold first one kept apart. */
import type { Plan } from "@/lib/reconcile/types";

export interface PlanFigures {
  times: number[];
  actions: number;
  attention: number;
}

export const planTarget = "target p95 < 50 ms, the cold first pass included";

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function measurePlanPasses(plan: () => Plan, passes = 15): PlanFigures {
  const times: number[] = [];
  let last: Plan | undefined;
  for (let i = 0; i < passes; i++) {
    const started = performance.now();
    last = plan();
    times.push(performance.now() - started);
  }
  return { times, actions: last!.actions.length, attention: last!.attention.length };
}

export function planLine(figures: PlanFigures): string {
  const { times } = figures;
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  return `cold ${ms(times[0]!)}, p50 ${ms(percentile(times, 50))}, p95 ${ms(percentile(times, 95))}   ${planTarget} (${figures.actions} actions, ${figures.attention} attention)`;
}

export function printPlanFigures(title: string, figures: PlanFigures): void {
  console.log("");
  console.log(title);
  console.log(`  planning a pass over all sessions  ${planLine(figures)}`);
}
