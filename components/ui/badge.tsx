import type { ReactNode } from "react";

export type Tone = "ok" | "info" | "warning" | "error" | "neutral";

export const toneClasses: Record<Tone, string> = {
  ok: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  info: "bg-sky-50 text-sky-800 ring-sky-200",
  warning: "bg-amber-50 text-amber-900 ring-amber-300",
  error: "bg-red-50 text-red-800 ring-red-300",
  neutral: "bg-slate-100 text-slate-700 ring-slate-200",
};

/** A small label; its tone carries the severity, the text says what it is. */
export function Badge({ tone, children, title }: { tone: Tone; children: ReactNode; title?: string }) {
  return (
    <span
      title={title}
      className={`inline-flex items-center rounded px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset ${toneClasses[tone]}`}
    >
      {children}
    </span>
  );
}

export function Dot({ tone, label }: { tone: Tone; label: string }) {
  const color = {
    ok: "bg-emerald-500",
    info: "bg-sky-500",
    warning: "bg-amber-500",
    error: "bg-red-500",
    neutral: "bg-slate-400",
  }[tone];
  return (
    <span
      role="img"
      aria-label={label}
      title={label}
      className={`inline-block h-2 w-2 shrink-0 rounded-full ${color}`}
    />
  );
}
