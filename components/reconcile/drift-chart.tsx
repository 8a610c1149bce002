"use client";

import { useRef, useState, type KeyboardEvent } from "react";
import { formatUtc } from "@/lib/format/time";

/** One series of the chart: a value per run. */
export interface ChartSeries {
  label: string;
  color: string;
  values: number[];
}

/** A run the chart has a point for: its id (the point links to it) and when it started. */
export interface ChartRun {
  id: number;
  startedAt: Date;
}

const width = 800;
const height = 160;
const pad = 28;

/** What a point says, to a screen reader and in the tooltip: the run, its time, every series' count. */
const describePoint = (run: ChartRun, series: ChartSeries[], i: number) =>
  `Run #${run.id}, ${formatUtc(run.startedAt)}: ${series.map((s) => `${s.label} ${s.values[i] ?? 0}`).join(", ")}`;

/**
 * Drift over runs (oldest left) as SVG: a line per series, and a point per run with its counts
 * (a `<title>` tooltip on each dot, the sentence as the label of the run's link). The points are one
 * Tab stop: arrows, Home and End move between runs, Enter opens one. With a single run there is
 * no line to draw — its dots stand alone, and the caption says so.
 */
export function DriftChart({ series, runs }: { series: ChartSeries[]; runs: ChartRun[] }) {
  const [active, setActive] = useState<number | null>(null);
  const [focusable, setFocusable] = useState(Math.max(0, runs.length - 1));
  const points = useRef<({ focus(): void } | null)[]>([]);
  if (runs.length === 0) return <p className="text-sm text-slate-500">No runs yet.</p>;
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const x = (i: number) =>
    runs.length === 1 ? width / 2 : pad + (i / (runs.length - 1)) * (width - 2 * pad);
  const y = (v: number) => height - pad - (v / max) * (height - 2 * pad);
  const time = (run: ChartRun) => run.startedAt.toISOString().slice(11, 19);
  const move = (event: KeyboardEvent, i: number) => {
    const target = { ArrowLeft: i - 1, ArrowRight: i + 1, Home: 0, End: runs.length - 1 }[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const next = Math.min(runs.length - 1, Math.max(0, target));
    setFocusable(next);
    setActive(next);
    points.current[next]?.focus();
  };
  const shown = active === null ? null : runs[active];
  return (
    <figure className="relative" data-testid="drift-chart">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        className="h-40 w-full"
        role="group"
        aria-label={`Stuck, leaked and orphaned sessions over the last ${runs.length} run${runs.length === 1 ? "" : "s"}`}
        onMouseLeave={() => setActive(null)}
      >
        <line x1={pad} x2={width - pad} y1={height - pad} y2={height - pad} stroke="#cbd5e1" />
        <text x={4} y={y(max) + 4} fontSize="11" fill="#64748b" aria-hidden="true">
          {max}
        </text>
        <text x={4} y={height - pad + 4} fontSize="11" fill="#64748b" aria-hidden="true">
          0
        </text>
        {runs.length > 1
          ? series.map((s) => (
              <polyline
                key={s.label}
                data-testid="drift-line"
                fill="none"
                stroke={s.color}
                strokeWidth={2}
                points={s.values.map((v, i) => `${x(i)},${y(v)}`).join(" ")}
              />
            ))
          : null}
        {runs.map((run, i) => (
          <a
            key={run.id}
            href={`/runs/${run.id}`}
            ref={(element) => {
              points.current[i] = element;
            }}
            tabIndex={i === focusable ? 0 : -1}
            aria-label={describePoint(run, series, i)}
            data-testid="drift-point"
            className="outline-none [&:focus-visible>rect]:stroke-slate-900"
            onMouseEnter={() => setActive(i)}
            onFocus={() => {
              setFocusable(i);
              setActive(i);
            }}
            onBlur={() => setActive(null)}
            onKeyDown={(event) => move(event, i)}
          >
            <rect
              x={x(i) - 6}
              y={pad - 8}
              width={12}
              height={height - 2 * pad + 16}
              fill={active === i ? "#e2e8f0" : "transparent"}
              fillOpacity={0.6}
              stroke="transparent"
              strokeWidth={2}
            />
            {series.map((s) => (
              <circle
                key={s.label}
                cx={x(i)}
                cy={y(s.values[i] ?? 0)}
                r={runs.length > 60 ? 2 : 3.5}
                fill={s.color}
              >
                <title>{`Run #${run.id}, ${formatUtc(run.startedAt)}: ${s.label} ${s.values[i] ?? 0}`}</title>
              </circle>
            ))}
          </a>
        ))}
        <text x={pad} y={height - 6} fontSize="11" fill="#64748b" aria-hidden="true">
          {time(runs[0]!)}
        </text>
        {runs.length > 1 ? (
          <text
            x={width - pad}
            y={height - 6}
            fontSize="11"
            fill="#64748b"
            textAnchor="end"
            aria-hidden="true"
          >
            {time(runs.at(-1)!)}
          </text>
        ) : null}
      </svg>
      {shown ? (
        <div
          aria-hidden="true"
          data-testid="drift-tooltip"
          className="pointer-events-none absolute top-0 rounded border border-slate-200 bg-white px-2 py-1 text-xs shadow"
          style={{ left: `${Math.min(70, (x(active!) / width) * 100)}%` }}
        >
          {describePoint(shown, series, active!)}
        </div>
      ) : null}
      <figcaption className="flex flex-wrap gap-4 text-xs text-slate-600">
        {series.map((s) => (
          <span key={s.label} className="flex items-center gap-1">
            <span className="inline-block h-2 w-4" style={{ background: s.color }} /> {s.label} (now{" "}
            {s.values.at(-1) ?? 0})
          </span>
        ))}
        {runs.length === 1 ? <span>One run so far: a trend needs two.</span> : null}
        <span className="text-slate-500">Tab to the chart, then ← → to step through runs.</span>
      </figcaption>
    </figure>
  );
}
