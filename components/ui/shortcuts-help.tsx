"use client";

import { buttonClass, Dialog } from "./dialog";
import { shortcutList } from "./shortcuts";

/** The `?` dialog: every shortcut of the page and what it does. */
export function ShortcutsHelp({ onClose }: { onClose: () => void }) {
  return (
    <Dialog
      title="Keyboard shortcuts"
      onClose={onClose}
      footer={
        <button type="button" className={buttonClass.secondary} onClick={onClose}>
          Close
        </button>
      }
    >
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2" data-testid="shortcut-list">
        {shortcutList.map((s) => (
          <div key={s.keys} className="contents">
            <dt>
              <kbd className="rounded border border-slate-300 bg-slate-50 px-1.5 py-0.5 font-mono text-xs">
                {s.keys}
              </kbd>
            </dt>
            <dd>{s.says}</dd>
          </div>
        ))}
      </dl>
      <p className="mt-3 text-xs text-slate-500">
        Shortcuts do nothing while you type in a field, with Ctrl, Alt or ⌘ held, or while a dialog is open.
      </p>
    </Dialog>
  );
}
