import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Not found" };

/** An unknown path, or a session or run that does not exist (notFound()). */
export default function NotFound() {
  return (
    <div className="mx-auto max-w-xl px-4 py-16" data-testid="not-found">
      <h1 className="text-xl font-semibold">Page not found</h1>
      <p className="mt-3 text-sm text-slate-600">
        Nothing lives at this address. A session that ended long ago may have been cleaned up.
      </p>
      <p className="mt-6 text-sm">
        <Link href="/sessions" className="font-medium underline">
          Back to Sessions
        </Link>
      </p>
    </div>
  );
}
