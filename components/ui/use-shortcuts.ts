"use client";

import { useEffect, useRef } from "react";
import { deriveShortcut, type ShortcutCommand } from "./shortcuts";

/** Input types that are clicked, not typed into: a key on them is not typing. */
const clickedInputs = new Set(["checkbox", "radio", "button", "submit", "reset", "range", "color", "file"]);

function takesText(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement) return true;
  if (target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !clickedInputs.has(target.type);
}

const actsOnEnter = (target: EventTarget | null) =>
  target instanceof HTMLElement && target.closest("a[href], button, summary, [role=button]") !== null;

/**
 * Calls the handler of each shortcut pressed on the page (see `deriveShortcut` for when none
 * fires). Handlers are read at the key press, so they may change on every render.
 */
export function useShortcuts(handlers: Partial<Record<ShortcutCommand, () => void>>): void {
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      const command = deriveShortcut({
        key: event.key,
        ctrlKey: event.ctrlKey,
        metaKey: event.metaKey,
        altKey: event.altKey,
        targetTakesText: takesText(event.target),
        targetActsOnEnter: actsOnEnter(event.target),
        dialogOpen: document.querySelector("dialog[open]") !== null,
      });
      const handler = command ? latest.current[command] : undefined;
      if (!handler) return;
      event.preventDefault();
      handler();
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, []);
}
