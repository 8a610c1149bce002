import type { ReactNode } from "react";

const selectClass = "rounded border border-slate-300 bg-white px-2 py-1 text-sm";

/** One filter's drop-down: the empty option stands for no filter (`undefined`). */
export function FilterSelect(props: {
  label: string;
  value: string | undefined;
  onChange: (value: string | undefined) => void;
  children: ReactNode;
}) {
  return (
    <select
      aria-label={props.label}
      className={selectClass}
      value={props.value ?? ""}
      onChange={(e) => props.onChange(e.target.value || undefined)}
    >
      {props.children}
    </select>
  );
}
