"use client";

import { useSyncExternalStore } from "react";
import { themeChoices, themeStorageKey, type ThemeChoice } from "./theme";

// The inline theme script (theme.ts) listens for this event and re-applies the stored choice.
const themeChangeEvent = "themechange";

const subscribe = (onChange: () => void) => {
  addEventListener(themeChangeEvent, onChange);
  addEventListener("storage", onChange);
  return () => {
    removeEventListener(themeChangeEvent, onChange);
    removeEventListener("storage", onChange);
  };
};

const readChoice = (): ThemeChoice => {
  const stored = localStorage.getItem(themeStorageKey);
  return themeChoices.find((choice) => choice === stored) ?? "system";
};

/** The theme control of the top bar: System, Light or Dark, remembered in this browser. */
export function ThemeSelect() {
  // The server cannot know the stored choice: it renders "system", the browser then its own.
  const choice = useSyncExternalStore(subscribe, readChoice, () => "system" as const);
  const choose = (next: ThemeChoice) => {
    if (next === "system") localStorage.removeItem(themeStorageKey);
    else localStorage.setItem(themeStorageKey, next);
    dispatchEvent(new Event(themeChangeEvent));
  };
  return (
    <label className="flex items-center gap-1.5 text-xs text-slate-500">
      Theme
      <select
        value={choice}
        onChange={(event) => choose(event.target.value as ThemeChoice)}
        className="rounded border border-slate-300 bg-white px-1 py-0.5 text-xs text-slate-700"
      >
        {themeChoices.map((c) => (
          <option key={c} value={c}>
            {c[0]!.toUpperCase() + c.slice(1)}
          </option>
        ))}
      </select>
    </label>
  );
}
