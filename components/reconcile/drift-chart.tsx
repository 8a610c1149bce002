/** One series of the chart: a value per run. */
export interface ChartSeries {
  label: string;
  color: string;
  values: number[];
}

/**
 * A small line chart of drift over runs (oldest left), drawn as SVG: two series and a handful of
 * points need no charting library.
 */
export function DriftChart({ series, labels }: { series: ChartSeries[]; labels: string[] }) {
  const width = 800;
  const height = 160;
  const pad = 28;
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const n = Math.max(1, labels.length - 1);
  const x = (i: number) => pad + (i / n) * (width - 2 * pad);
  const y = (v: number) => height - pad - (v / max) * (height - 2 * pad);
  if (labels.length === 0) return <p className="text-sm text-slate-500">No runs yet.</p>;
  return (
    <figure>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        className="h-40 w-full"
        role="img"
        aria-label="Stuck and leaked sessions over the recent runs"
      >
        <line x1={pad} x2={width - pad} y1={height - pad} y2={height - pad} stroke="#cbd5e1" />
        <text x={4} y={y(max) + 4} fontSize="11" fill="#64748b">
          {max}
        </text>
        <text x={4} y={height - pad + 4} fontSize="11" fill="#64748b">
          0
        </text>
        {series.map((s) => (
          <polyline
            key={s.label}
            fill="none"
            stroke={s.color}
            strokeWidth={2}
            points={s.values.map((v, i) => `${x(i)},${y(v)}`).join(" ")}
          />
        ))}
        <text x={pad} y={height - 6} fontSize="11" fill="#64748b">
          {labels[0]}
        </text>
        <text x={width - pad} y={height - 6} fontSize="11" fill="#64748b" textAnchor="end">
          {labels.at(-1)}
        </text>
      </svg>
      <figcaption className="flex gap-4 text-xs text-slate-600">
        {series.map((s) => (
          <span key={s.label} className="flex items-center gap-1">
            <span className="inline-block h-2 w-4" style={{ background: s.color }} /> {s.label} (now{" "}
            {s.values.at(-1) ?? 0})
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
