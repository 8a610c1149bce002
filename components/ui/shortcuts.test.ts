import { describe, expect, it } from "vitest";
import { deriveShortcut, type KeyPress } from "./shortcuts";

const press = (key: string, over: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  targetTakesText: false,
  targetActsOnEnter: false,
  dialogOpen: false,
  ...over,
});

describe("deriveShortcut", () => {
  it.each([
    ["/", "focus-search"],
    ["j", "next-row"],
    ["k", "previous-row"],
    ["x", "toggle-selection"],
    ["Enter", "open-row"],
    ["?", "show-help"],
  ])("maps %s to %s", (key, command) => {
    expect(deriveShortcut(press(key))).toBe(command);
  });

  it.each(["J", "a", "Escape", " ", "ArrowDown"])("ignores %j", (key) => {
    expect(deriveShortcut(press(key))).toBeNull();
  });

  it.each([{ ctrlKey: true }, { metaKey: true }, { altKey: true }])("ignores a key with %j", (over) => {
    expect(deriveShortcut(press("j", over))).toBeNull();
    expect(deriveShortcut(press("/", over))).toBeNull();
  });

  it("never fires while typing or while a dialog is open", () => {
    for (const key of ["/", "j", "x", "?", "Enter"]) {
      expect(deriveShortcut(press(key, { targetTakesText: true }))).toBeNull();
      expect(deriveShortcut(press(key, { dialogOpen: true }))).toBeNull();
    }
  });

  it("leaves Enter to a focused link or button, but not the other keys", () => {
    expect(deriveShortcut(press("Enter", { targetActsOnEnter: true }))).toBeNull();
    expect(deriveShortcut(press("j", { targetActsOnEnter: true }))).toBe("next-row");
  });
});
