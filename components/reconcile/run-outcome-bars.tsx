import type { ReactNode } from "react";
import { outcomeKinds, type OutcomeKind, type OutcomeTally } from "@/lib/dashboard/run-outcomes";

const colors: Record<OutcomeKind, string> = {
  applied: "#16a34a",
  skipped: "#94a3b8",
  failed: "#dc2626",
  "not-executed": "#e2e8f0",
};

const labels: Record<OutcomeKind, string> = {
  applied: "applied",
  skipped: "skipped",
  failed: "failed",
  "not-executed": "not executed",
};

/**
 * One run's picture: a bar per action type, split by how its actions ended. A single run has no
 * trend to draw, but what it did to how many sessions reads at a glance. Each segment carries its
 * count in a `<title>` (hover) and in the bar's label.
 */
export function RunOutcomeBars({ tallies }: { tallies: OutcomeTally[] }) {
  if (tallies.length === 0) return null;
  const widest = Math.max(...tallies.map((t) => t.total));
  return (
    <figure data-testid="run-outcomes">
      <ul className="space-y-1.5">
        {tallies.map((tally) => {
          const said = outcomeKinds
            .filter((k) => tally.counts[k] > 0)
            .map((k) => `${tally.counts[k]} ${labels[k]}`)
            .join(", ");
          return (
            <li key={tally.type} className="grid grid-cols-[10rem_1fr] items-center gap-2 text-xs">
              <span className="font-medium text-slate-700">
                {tally.type} <span className="text-slate-500">({tally.total})</span>
              </span>
              <svg
                viewBox={`0 0 ${widest} 1`}
                preserveAspectRatio="none"
                className="h-4 w-full"
                role="img"
                aria-label={`${tally.type}: ${said}`}
                data-testid="run-outcome-bar"
              >
                {
                  outcomeKinds.reduce<{ at: number; parts: ReactNode[] }>(
                    (acc, k) => {
                      const n = tally.counts[k];
                      if (n > 0) {
                        acc.parts.push(
                          <rect key={k} x={acc.at} y={0} width={n} height={1} fill={colors[k]}>
                            <title>{`${tally.type}: ${n} ${labels[k]}`}</title>
                          </rect>,
                        );
                      }
                      acc.at += n;
                      return acc;
                    },
                    { at: 0, parts: [] },
                  ).parts
                }
              </svg>
            </li>
          );
        })}
      </ul>
      <figcaption className="mt-2 flex flex-wrap gap-3 text-xs text-slate-600">
        {outcomeKinds.map((k) => (
          <span key={k} className="flex items-center gap-1">
            <span
              className="inline-block h-2 w-4 border border-slate-300"
              style={{ background: colors[k] }}
            />{" "}
            {labels[k]}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
