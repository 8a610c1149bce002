"use client";

/** Shown when a page cannot load its data (database or configuration): the message, not a stack. */
export default function PageError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <div className="mx-auto max-w-3xl px-6 py-12">
      <h1 className="text-xl font-semibold text-red-700">This page could not load its data</h1>
      <p className="mt-3 whitespace-pre-wrap text-sm text-slate-700">
        {error.message || "See the server log."}
      </p>
      {error.digest ? <p className="mt-2 text-xs text-slate-500">reference {error.digest}</p> : null}
      <button
        type="button"
        onClick={reset}
        className="mt-6 rounded border border-slate-300 px-3 py-1 text-sm"
      >
        Try again
      </button>
    </div>
  );
}
