"use client";

import { useEffect, useState } from "react";

/**
 * A small button that puts `text` on the clipboard and says so ("Copied") for a moment, or that
 * it could not (the browser refused: no permission, or not a secure context).
 */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), 2_000);
    return () => clearTimeout(timer);
  }, [state]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState("copied");
    } catch {
      setState("failed");
    }
  };
  return (
    <button
      type="button"
      aria-label={`Copy ${label}`}
      title={`Copy ${text}`}
      onClick={copy}
      className="ml-1 inline-flex items-center rounded border border-slate-200 px-1 text-[10px] leading-4 font-normal text-slate-500 hover:bg-slate-100 hover:text-slate-900"
    >
      <span aria-live="polite">
        {state === "copied" ? "Copied" : state === "failed" ? "Copy failed" : "Copy"}
      </span>
    </button>
  );
}
