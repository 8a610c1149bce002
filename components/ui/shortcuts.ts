/** What a keyboard shortcut of a list page asks for. */
export type ShortcutCommand =
  "focus-search" | "next-row" | "previous-row" | "toggle-selection" | "open-row" | "show-help";

/** The shortcuts and what each does, for the help dialog. */
export const shortcutList: { keys: string; command: ShortcutCommand; says: string }[] = [
  { keys: "/", command: "focus-search", says: "Focus the search box" },
  { keys: "j", command: "next-row", says: "Move to the next row" },
  { keys: "k", command: "previous-row", says: "Move to the previous row" },
  { keys: "x", command: "toggle-selection", says: "Select or unselect the row" },
  { keys: "Enter", command: "open-row", says: "Open the row's session" },
  { keys: "?", command: "show-help", says: "Show these shortcuts" },
];

const byKey = new Map(shortcutList.map((s) => [s.keys, s.command]));

/** What a key press needs to say, taken from a KeyboardEvent and the page around it. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** The target takes text (a text input, textarea, select, contenteditable): the key is typing. */
  targetTakesText: boolean;
  /** The target acts on Enter itself (a link, a button): Enter is its, not the page's. */
  targetActsOnEnter: boolean;
  /** A modal dialog is open: the page behind it is inert. */
  dialogOpen: boolean;
}

/**
 * The command a key press asks for, or null. Never while typing, with Ctrl, Meta or Alt (those are
 * the browser's and the system's), or while a dialog is open. Shift is allowed: `?` needs it.
 */
export function deriveShortcut(press: KeyPress): ShortcutCommand | null {
  if (press.ctrlKey || press.metaKey || press.altKey) return null;
  if (press.targetTakesText || press.dialogOpen) return null;
  const command = byKey.get(press.key) ?? null;
  if (command === "open-row" && press.targetActsOnEnter) return null;
  return command;
}
