"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { buttonClass } from "@/components/ui/dialog";
import type { ActionResult } from "@/lib/actions/define-action";
import { updateSettingsAction } from "@/lib/actions/settings/update-settings-action";

/**
 * One setting's editor: its value (a number, or a mode from `options`), Save, and "Reset to
 * default" when it is overridden. The server checks everything; its message is shown as is.
 */
export function SettingValueForm(props: {
  group: "values" | "modes";
  settingKey: string;
  label: string;
  value: string;
  overridden: boolean;
  options?: readonly string[];
  min?: number;
  max?: number;
  step?: number;
}) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [value, setValue] = useState(props.value);
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();
  const send = (next: number | string | null) =>
    startTransition(async () => {
      setError(undefined);
      const result: ActionResult<unknown> = await updateSettingsAction({
        [props.group]: { [props.settingKey]: next },
      });
      if (!result.ok) return setError(result.error);
      await queryClient.invalidateQueries();
      router.refresh();
    });
  // Sent as typed when it is not a number: the server answers with the setting's own message.
  const typed = () => {
    if (props.options) return value;
    const n = Number(value);
    return value.trim() === "" || !Number.isFinite(n) ? value : n;
  };
  return (
    <form
      aria-label={props.label}
      className="flex flex-wrap items-center gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        send(typed());
      }}
    >
      {props.options ? (
        <select
          aria-label={props.label}
          name={props.settingKey}
          value={value}
          onChange={(e) => setValue(e.target.value)}
          className="rounded border border-slate-300 px-1 py-0.5 text-sm"
        >
          {props.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      ) : (
        <input
          aria-label={props.label}
          name={props.settingKey}
          inputMode="decimal"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          className="w-32 rounded border border-slate-300 px-2 py-0.5 text-right text-sm tabular-nums"
        />
      )}
      <button type="submit" className={buttonClass.small} disabled={pending || value === props.value}>
        Save
      </button>
      {props.overridden ? (
        <button type="button" className={buttonClass.small} disabled={pending} onClick={() => send(null)}>
          Reset to default
        </button>
      ) : null}
      {error ? (
        <span role="alert" className="w-full text-xs text-red-700">
          {error}
        </span>
      ) : null}
    </form>
  );
}
