"use client";

import { ErrorPanel } from "@/components/layout/error-panel";

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
      <ErrorPanel
        title="This page could not load its data"
        message={error.message || "See the server log."}
        digest={error.digest}
        reset={reset}
      />
    </div>
  );
}
