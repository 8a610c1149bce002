"use client";

import { ErrorPanel } from "@/components/layout/error-panel";
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
          <ErrorPanel
            title="Session Reconciler could not load"
            message="An unexpected error occurred; it is in the server log."
            digest={error.digest}
            reset={reset}
          />
        </main>
      </body>
    </html>
  );
}
