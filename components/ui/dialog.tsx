"use client";

import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from "react";

const focusable =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** Tab from the last focusable element goes to the first and Shift+Tab back, so focus never leaves. */
function keepTabInside(event: KeyboardEvent<HTMLDialogElement>) {
  const elements = [...event.currentTarget.querySelectorAll<HTMLElement>(focusable)];
  if (elements.length === 0) return event.preventDefault();
  const first = elements[0]!;
  const last = elements[elements.length - 1]!;
  const active = document.activeElement;
  const inside = active instanceof Node && event.currentTarget.contains(active);
  if (event.shiftKey && (active === first || !inside)) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && (active === last || !inside)) {
    event.preventDefault();
    first.focus();
  }
}

/**
 * A modal dialog on the native `<dialog>` opened with `showModal()`: the rest of the page is inert,
 * focus moves in (the first focusable element) and Tab stays inside; Escape or the backdrop closes
 * it unless `busy`; on unmount focus goes back to the element that opened it. The title labels it.
 */
export function Dialog(props: {
  title: string;
  onClose: () => void;
  busy?: boolean;
  children: ReactNode;
  footer: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  // Read at the moment of a close request: the props change on every refresh of the page behind.
  const latest = useRef({ onClose: props.onClose, busy: props.busy });
  useEffect(() => {
    latest.current = { onClose: props.onClose, busy: props.busy };
  });
  const requestClose = () => {
    if (!latest.current.busy) latest.current.onClose();
  };

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    return () => {
      if (dialog.open) dialog.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      className="m-auto max-h-[85vh] w-full max-w-3xl rounded-lg bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/40"
      // The browser's own close request (Escape, close watcher): React decides, never the element.
      onCancel={(e) => {
        e.preventDefault();
        requestClose();
      }}
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.preventDefault();
          requestClose();
        } else if (e.key === "Tab") keepTabInside(e);
      }}
      // A click on the dialog element itself is a click on its backdrop (the content fills it).
      onClick={(e) => e.target === e.currentTarget && requestClose()}
    >
      <div className="flex max-h-[85vh] flex-col">
        <h2 id={titleId} className="border-b border-slate-200 px-5 py-3 text-lg font-semibold">
          {props.title}
        </h2>
        <div className="overflow-y-auto px-5 py-4 text-sm">{props.children}</div>
        <div className="flex justify-end gap-2 border-t border-slate-200 px-5 py-3">{props.footer}</div>
      </div>
    </dialog>
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
