"use client";

import { useEffect, useState } from "react";
import { driftClasses, driftClassLabels } from "@/lib/drift/types";
import type { SessionsQuery } from "@/lib/dashboard/query";
import { sessionStates } from "@/lib/sessions/state-machine";
import { FilterSelect } from "./filter-select";
import { searchBoxId } from "./use-row-keyboard";

type OnChange = (patch: Partial<SessionsQuery>) => void;

/** The search box's text, filtering after a short pause rather than on every key. */
function useDebouncedSearch(q: string | undefined, onChange: OnChange) {
  const [text, setText] = useState(q ?? "");
  useEffect(() => {
    const timer = setTimeout(() => {
      if ((q ?? "") !== text.trim()) onChange({ q: text.trim() || undefined });
    }, 250);
    return () => clearTimeout(timer);
  }, [text, q, onChange]);
  return [text, setText] as const;
}

/** The drop-downs: state (or orphan), drift class, cluster (when several), agent, namespace. */
function FilterSelects(props: {
  query: SessionsQuery;
  clusters: string[];
  agents: string[];
  namespaces: string[];
  onChange: OnChange;
}) {
  const { query, onChange } = props;
  return (
    <>
      <FilterSelect
        label="State"
        value={query.state}
        onChange={(v) => onChange({ state: v as SessionsQuery["state"] })}
      >
        <option value="">Any state</option>
        {sessionStates.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
        <option value="orphan">no session row (orphan)</option>
      </FilterSelect>
      <FilterSelect
        label="Drift"
        value={query.drift}
        onChange={(v) => onChange({ drift: v as SessionsQuery["drift"] })}
      >
        <option value="">Any drift or none</option>
        <option value="any">Any drift</option>
        <option value="none">No drift</option>
        {driftClasses.map((c) => (
          <option key={c} value={c}>
            {driftClassLabels[c]}
          </option>
        ))}
      </FilterSelect>
      {props.clusters.length > 1 || query.cluster ? (
        <FilterSelect label="Cluster" value={query.cluster} onChange={(v) => onChange({ cluster: v })}>
          <option value="">Any cluster</option>
          {props.clusters.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </FilterSelect>
      ) : null}
      <FilterSelect label="Agent" value={query.agent} onChange={(v) => onChange({ agent: v })}>
        <option value="">Any agent</option>
        {props.agents.map((a) => (
          <option key={a} value={a}>
            {a}
          </option>
        ))}
      </FilterSelect>
      <FilterSelect label="Namespace" value={query.namespace} onChange={(v) => onChange({ namespace: v })}>
        <option value="">Any namespace</option>
        {props.namespaces.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </FilterSelect>
    </>
  );
}

/** Filters of the table; every change lands in the URL (see SessionsDashboard). */
export function SessionFilters(props: {
  query: SessionsQuery;
  clusters: string[];
  agents: string[];
  namespaces: string[];
  /** Quiet ended sessions the filters would show, left out (see `ended`). */
  hiddenEnded: number;
  onChange: OnChange;
}) {
  const { query, onChange } = props;
  const [text, setText] = useDebouncedSearch(query.q, onChange);
  const clear = () => {
    setText("");
    onChange({
      state: undefined,
      drift: undefined,
      cluster: undefined,
      agent: undefined,
      namespace: undefined,
      q: undefined,
    });
  };
  return (
    <section aria-label="Filters" className="flex flex-wrap items-center gap-2">
      <input
        type="search"
        id={searchBoxId}
        aria-label="Search"
        aria-keyshortcuts="/"
        placeholder={`Search id, user, ${props.clusters.length > 1 ? "cluster, " : ""}agent, namespace, drift…`}
        value={text}
        onChange={(e) => setText(e.target.value)}
        className="w-72 rounded border border-slate-300 bg-white px-2 py-1 text-sm"
      />
      <FilterSelects {...props} />
      <label className="flex items-center gap-1 text-sm text-slate-600">
        <input
          type="checkbox"
          checked={query.ended === "show"}
          onChange={(e) => onChange({ ended: e.target.checked ? "show" : "hide" })}
        />
        Show ended sessions
        {props.hiddenEnded > 0 ? <span data-testid="hidden-ended">({props.hiddenEnded} hidden)</span> : null}
      </label>
      {query.state || query.drift || query.cluster || query.agent || query.namespace || query.q ? (
        <button type="button" className="text-sm text-slate-600 underline" onClick={clear}>
          Clear filters
        </button>
      ) : null}
    </section>
  );
}
