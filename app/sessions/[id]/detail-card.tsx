import type { ReactNode } from "react";
import { Time } from "@/components/ui/time";
import { formatUtc } from "@/lib/format/time";

/** A titled card of the session page. */
export function Card({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <section data-testid={testId} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <h2 className="mb-3 text-sm font-semibold text-slate-700">{title}</h2>
      {children}
    </section>
  );
}

/** One label and value of a card's definition list. */
export function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[10rem_1fr] gap-2 py-0.5 text-sm">
      <dt className="text-slate-500">{label}</dt>
      <dd className="break-all">{children}</dd>
    </div>
  );
}

/** An instant in a sentence (`2026-12-03 13:15:08 UTC`), or a dash when there is none. */
export const formatAt = (d: Date | null | undefined) => (d ? formatUtc(d) : "—");

/** An instant as its own element (`<time>`, UTC), or a dash when there is none. */
export const At = ({ at }: { at: Date | null | undefined }) =>
  at ? <Time at={at} format="absolute" /> : <>—</>;
