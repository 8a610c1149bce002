import Link from "next/link";

/** What the page refused of its address (a bad sort or page size), and the way back to its defaults. */
export function QueryProblems({ problems, resetHref }: { problems: string[]; resetHref: string }) {
  if (problems.length === 0) return null;
  return (
    <p role="alert" className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
      Ignored in the address — {problems.join("; ")}. Showing the default order and page instead.{" "}
      <Link href={resetHref} className="underline">
        Reset
      </Link>
    </p>
  );
}
