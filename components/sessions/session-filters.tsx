"use client";

import { useEffect, useState } from "react";
import { driftClasses, driftClassLabels } from "@/lib/drift/types";
import type { SessionsQuery } from "@/lib/dashboard/query";
import { sessionStates } from "@/lib/sessions/state-machine";

const selectClass = "rounded border border-slate-300 bg-white px-2 py-1 text-sm";

/** Filters of the table; every change lands in the URL (see SessionsDashboard). */
export function SessionFilters(props: {
  query: SessionsQuery;
  agents: string[];
  namespaces: string[];
  onChange: (patch: Partial<SessionsQuery>) => void;
}) {
  const { query, onChange } = props;
  const [text, setText] = useState(query.q ?? "");
  // Typing filters after a short pause, not on every key.
  useEffect(() => {
    const timer = setTimeout(() => {
      if ((query.q ?? "") !== text.trim()) onChange({ q: text.trim() || undefined });
    }, 250);
    return () => clearTimeout(timer);
  }, [text, query.q, onChange]);

  return (
    <section aria-label="Filters" className="flex flex-wrap items-center gap-2">
      <input
        type="search"
        aria-label="Search"
        placeholder="Search id, user, agent, namespace, drift…"
        value={text}
        onChange={(e) => setText(e.target.value)}
        className="w-72 rounded border border-slate-300 bg-white px-2 py-1 text-sm"
      />
      <select
        aria-label="State"
        className={selectClass}
        value={query.state ?? ""}
        onChange={(e) => onChange({ state: (e.target.value || undefined) as SessionsQuery["state"] })}
      >
        <option value="">Any state</option>
        {sessionStates.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
        <option value="orphan">no session row (orphan)</option>
      </select>
      <select
        aria-label="Drift"
        className={selectClass}
        value={query.drift ?? ""}
        onChange={(e) => onChange({ drift: (e.target.value || undefined) as SessionsQuery["drift"] })}
      >
        <option value="">Any drift or none</option>
        <option value="any">Any drift</option>
        <option value="none">No drift</option>
        {driftClasses.map((c) => (
          <option key={c} value={c}>
            {driftClassLabels[c]}
          </option>
        ))}
      </select>
      <select
        aria-label="Agent"
        className={selectClass}
        value={query.agent ?? ""}
        onChange={(e) => onChange({ agent: e.target.value || undefined })}
      >
        <option value="">Any agent</option>
        {props.agents.map((a) => (
          <option key={a} value={a}>
            {a}
          </option>
        ))}
      </select>
      <select
        aria-label="Namespace"
        className={selectClass}
        value={query.namespace ?? ""}
        onChange={(e) => onChange({ namespace: e.target.value || undefined })}
      >
        <option value="">Any namespace</option>
        {props.namespaces.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
      {query.state || query.drift || query.agent || query.namespace || query.q ? (
        <button
          type="button"
          className="text-sm text-slate-600 underline"
          onClick={() => {
            setText("");
            onChange({
              state: undefined,
              drift: undefined,
              agent: undefined,
              namespace: undefined,
              q: undefined,
            });
          }}
        >
          Clear filters
        </button>
      ) : null}
    </section>
  );
}
