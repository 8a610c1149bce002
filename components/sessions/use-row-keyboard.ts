"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { useShortcuts } from "@/components/ui/use-shortcuts";
import type { SessionRowView } from "@/lib/dashboard/session-rows";

/** The search box `/` focuses. */
export const searchBoxId = "sessions-search";

const rowElement = (id: string) =>
  document.querySelector<HTMLElement>(`[data-testid="session-row"][data-session-id="${CSS.escape(id)}"]`);

/**
 * The table's keyboard: a focused row (kept by id across refreshes) that `j`/`k` move and keep in
 * view, `x` to select it, Enter to open it, `/` for the search box and `?` for the help.
 */
export function useRowKeyboard(props: {
  rows: SessionRowView[];
  selected: Set<string>;
  onSelect: (ids: string[], selected: boolean) => void;
  selectable: boolean;
}) {
  const router = useRouter();
  const [focusedId, setFocusedId] = useState<string>();
  const [helpOpen, setHelpOpen] = useState(false);
  const { rows } = props;
  const focused = rows.find((r) => r.id === focusedId);

  useEffect(() => {
    if (focusedId) rowElement(focusedId)?.scrollIntoView({ block: "nearest" });
  }, [focusedId]);

  const move = (step: 1 | -1) => {
    if (rows.length === 0) return;
    const index = rows.findIndex((r) => r.id === focusedId);
    const next = index === -1 ? (step === 1 ? 0 : rows.length - 1) : index + step;
    setFocusedId(rows[Math.min(Math.max(next, 0), rows.length - 1)]!.id);
  };

  useShortcuts({
    "focus-search": () => document.getElementById(searchBoxId)?.focus(),
    "next-row": () => move(1),
    "previous-row": () => move(-1),
    "toggle-selection": () => {
      if (focused && props.selectable) props.onSelect([focused.id], !props.selected.has(focused.id));
    },
    "open-row": () => {
      if (focused?.kind === "session") router.push(`/sessions/${encodeURIComponent(focused.id)}`);
    },
    "show-help": () => setHelpOpen(true),
  });

  return { focusedId: focused?.id, helpOpen, closeHelp: () => setHelpOpen(false) };
}
