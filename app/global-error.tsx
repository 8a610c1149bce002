"use client";

import "./globals.css";

/**
 * When the root layout itself fails (app/error.tsx lives inside it): a whole page of its own,
 * without the nav or the data, with the reference to find in the server log.
 */
export default function GlobalError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <html lang="en">
      <head>
        <title>Error · Session Reconciler</title>
      </head>
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">
        <main id="main" className="mx-auto max-w-3xl px-6 py-12">
          <h1 className="text-xl font-semibold text-red-700">Session Reconciler could not load</h1>
          <p className="mt-3 text-sm text-slate-700">
            An unexpected error occurred; it is in the server log.
          </p>
          {error.digest ? <p className="mt-2 text-xs text-slate-500">reference {error.digest}</p> : null}
          <button
            type="button"
            onClick={reset}
            className="mt-6 rounded border border-slate-300 px-3 py-1 text-sm"
          >
            Try again
          </button>
        </main>
      </body>
    </html>
  );
}
