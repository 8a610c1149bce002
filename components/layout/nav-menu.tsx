"use client";

import { useId, useState, type MouseEvent, type ReactNode } from "react";

/**
 * The top bar's sections and controls: in a row on a wide screen; on a phone behind a Menu button
 * (`aria-expanded`), opened as a column, so Sign out is always within reach. Following a link
 * closes it.
 */
export function NavMenu({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const closeOnLink = (event: MouseEvent<HTMLDivElement>) => {
    if (event.target instanceof Element && event.target.closest("a[href]")) setOpen(false);
  };
  return (
    <>
      <button
        type="button"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen((current) => !current)}
        className="ml-auto rounded border border-slate-300 px-2 py-1 text-sm sm:hidden"
      >
        Menu
      </button>
      <div
        id={menuId}
        onClick={closeOnLink}
        className={`${open ? "flex" : "hidden"} w-full flex-col items-start gap-3 sm:flex sm:w-auto sm:flex-1 sm:flex-row sm:items-center sm:gap-6`}
      >
        {children}
      </div>
    </>
  );
}
