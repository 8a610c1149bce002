import type { ReactNode } from "react";

/** One part of the status page: its name, OK or not, and a line per fact. */
export function StatusCard(props: {
  title: string;
  ok: boolean;
  lines: ReactNode[];
  testId: string;
  okText?: string;
  notOkText?: string;
}) {
  return (
    <div
      data-testid={props.testId}
      data-ok={props.ok}
      className={`rounded-lg border bg-white p-4 shadow-sm ${props.ok ? "border-emerald-300" : "border-red-400"}`}
    >
      <div className="flex items-center gap-2">
        <span
          aria-hidden
          className={`inline-block h-2.5 w-2.5 rounded-full ${props.ok ? "bg-emerald-500" : "bg-red-500"}`}
        />
        <h2 className="font-medium">{props.title}</h2>
        <span className="ml-auto text-sm font-medium">
          {props.ok ? (props.okText ?? "OK") : (props.notOkText ?? "Unavailable")}
        </span>
      </div>
      <ul className="mt-2 space-y-1 break-all text-sm text-slate-600">
        {props.lines.map((line, i) => (
          <li key={i}>{line}</li>
        ))}
      </ul>
    </div>
  );
}
