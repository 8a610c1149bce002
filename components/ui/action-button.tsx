"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/actions/define-action";
import { buttonClass } from "./dialog";

/**
 * A button that runs one server action, asks first when `confirm` is given, shows the action's
 * error next to it, and refreshes the page's server data after it succeeds.
 */
export function ActionButton<I>(props: {
  label: string;
  action: (input: I) => Promise<ActionResult<unknown>>;
  input: I;
  confirm?: string;
  tone?: keyof typeof buttonClass;
}) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();
  return (
    <span className="inline-flex items-center gap-1">
      <button
        type="button"
        className={buttonClass[props.tone ?? "small"]}
        disabled={pending}
        onClick={() => {
          if (props.confirm && !window.confirm(props.confirm)) return;
          setError(undefined);
          startTransition(async () => {
            const result = await props.action(props.input);
            if (result.ok) router.refresh();
            else setError(result.error);
          });
        }}
      >
        {props.label}
      </button>
      {error ? (
        <span role="alert" className="text-xs text-red-700">
          {error}
        </span>
      ) : null}
    </span>
  );
}
