"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/actions/define-action";
import { buttonClass, Dialog } from "./dialog";
import { useHydrated } from "./use-hydrated";

/**
 * A button that runs one server action, asks first in a dialog when `confirm` is given (the
 * sentence, Cancel, and the label again), shows the action's error next to it, and refreshes the
 * page's server data after it succeeds. Disabled until the page has hydrated: a click on the
 * server-rendered button before then would reach no handler and be lost without a word.
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
  const [asking, setAsking] = useState(false);
  const [pending, startTransition] = useTransition();
  const hydrated = useHydrated();
  const run = () => {
    setAsking(false);
    setError(undefined);
    startTransition(async () => {
      const result = await props.action(props.input);
      if (result.ok) router.refresh();
      else setError(result.error);
    });
  };
  return (
    <span className="inline-flex items-center gap-1">
      <button
        type="button"
        className={buttonClass[props.tone ?? "small"]}
        disabled={pending || !hydrated}
        onClick={() => (props.confirm ? setAsking(true) : run())}
      >
        {props.label}
      </button>
      {error ? (
        <span role="alert" className="text-xs text-red-700">
          {error}
        </span>
      ) : null}
      {asking ? (
        <Dialog
          title={props.label}
          onClose={() => setAsking(false)}
          footer={
            <>
              <button type="button" className={buttonClass.secondary} onClick={() => setAsking(false)}>
                Cancel
              </button>
              <button type="button" className={buttonClass.danger} onClick={run}>
                {props.label}
              </button>
            </>
          }
        >
          <p>{props.confirm}</p>
        </Dialog>
      ) : null}
    </span>
  );
}
