"use client";

import { useEffect, type ReactNode } from "react";

/** A modal dialog: Escape or the backdrop closes it (unless `busy`). */
export function Dialog(props: {
  title: string;
  onClose: () => void;
  busy?: boolean;
  children: ReactNode;
  footer: ReactNode;
}) {
  const { onClose, busy } = props;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape" && !busy) onClose();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose, busy]);
  return (
    <div
      className="fixed inset-0 z-50 flex items-center justify-center bg-slate-900/40 p-4"
      onClick={() => !busy && onClose()}
    >
      <div
        role="dialog"
        aria-modal="true"
        aria-label={props.title}
        className="flex max-h-[85vh] w-full max-w-3xl flex-col rounded-lg bg-white shadow-xl"
        onClick={(e) => e.stopPropagation()}
      >
        <h2 className="border-b border-slate-200 px-5 py-3 text-lg font-semibold">{props.title}</h2>
        <div className="overflow-y-auto px-5 py-4 text-sm">{props.children}</div>
        <div className="flex justify-end gap-2 border-t border-slate-200 px-5 py-3">{props.footer}</div>
      </div>
    </div>
  );
}

export const buttonClass = {
  primary:
    "rounded bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700 disabled:opacity-40",
  danger:
    "rounded bg-red-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-600 disabled:opacity-40",
  secondary:
    "rounded border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50 disabled:opacity-40",
  small: "rounded border border-slate-300 bg-white px-2 py-0.5 text-xs hover:bg-slate-50 disabled:opacity-40",
};
