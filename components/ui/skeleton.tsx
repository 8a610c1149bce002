/** Grey blocks in the shape of a page while its data loads (each route's loading.tsx). */
export function PageSkeleton({ label, rows = 8 }: { label: string; rows?: number }) {
  return (
    <div
      role="status"
      aria-label={`Loading ${label}`}
      data-testid="page-skeleton"
      className="mx-auto max-w-[1400px] animate-pulse space-y-4 px-4 py-6"
    >
      <div className="h-7 w-48 rounded bg-slate-200" />
      <div className="h-4 w-96 max-w-full rounded bg-slate-200" />
      <div className="space-y-2 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        {Array.from({ length: rows }, (_, i) => (
          <div key={i} className="h-5 rounded bg-slate-100" />
        ))}
      </div>
      <span className="sr-only">Loading {label}…</span>
    </div>
  );
}
