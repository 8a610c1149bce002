"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useState } from "react";
import type { SessionsView } from "@/lib/dashboard/get-sessions-view";
import type { SessionsQuery } from "@/lib/dashboard/query";
import { useCan } from "@/components/auth/permissions";
import { buttonClass } from "@/components/ui/dialog";
import { manualOperations, type ManualOperation } from "@/lib/reconcile/operations";
import { DriftCards } from "./drift-cards";
import { OperationDialog, operationLabels } from "./operation-dialog";
import { KindFreshness } from "./kind-freshness";
import { SessionFilters } from "./session-filters";
import { SessionsTable } from "./sessions-table";

const refreshMs = 3_000;

/** The query as URL parameters, leaving out defaults so URLs stay short and shareable. */
export function toSearchParams(query: SessionsQuery): URLSearchParams {
  const params = new URLSearchParams();
  const defaults: Partial<SessionsQuery> = { sort: "severity", dir: "desc", page: 1, pageSize: 50 };
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === "" || defaults[key as keyof SessionsQuery] === value) continue;
    params.set(key, String(value));
  }
  return params;
}

async function fetchView(query: SessionsQuery): Promise<SessionsView> {
  const response = await fetch(`/api/dashboard/sessions?${toSearchParams(query)}`, { cache: "no-store" });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.json() as Promise<SessionsView>;
}

/**
 * The sessions dashboard: drift counts, freshness of each kind, filters kept in the URL, and the
 * table. It refetches every few seconds in place (no remount), so scroll position, open menus and
 * typed text survive a refresh.
 */
export function SessionsDashboard({
  initialView,
  initialQuery,
}: {
  initialView: SessionsView;
  initialQuery: SessionsQuery;
}) {
  const [query, setQuery] = useState(initialQuery);
  const initialKey = toSearchParams(initialQuery).toString();
  const key = toSearchParams(query).toString();
  const {
    data: view,
    error,
    isFetching,
  } = useQuery({
    queryKey: ["sessions-view", key],
    queryFn: () => fetchView(query),
    initialData: key === initialKey ? initialView : undefined,
    placeholderData: keepPreviousData,
    refetchInterval: refreshMs,
  });

  // The URL mirrors the filters without a navigation: the page is not re-rendered on the server.
  useEffect(() => {
    const search = key ? `?${key}` : "";
    if (window.location.search !== search)
      window.history.replaceState(null, "", `${window.location.pathname}${search}`);
  }, [key]);

  // Selection is kept by id across refreshes and pages.
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [bulk, setBulk] = useState<ManualOperation>();
  const canOperate = useCan("sessions:operate");
  const select = useCallback((ids: string[], on: boolean) => {
    setSelected((current) => {
      const next = new Set(current);
      for (const id of ids) {
        if (on) next.add(id);
        else next.delete(id);
      }
      return next;
    });
  }, []);

  const update = useCallback((patch: Partial<SessionsQuery>) => {
    setQuery((current) => ({ ...current, page: 1, ...patch }));
  }, []);

  if (!view) return <p className="p-6 text-slate-500">Loading…</p>;
  return (
    <div className="space-y-4">
      <DriftCards
        counts={view.counts}
        selected={query.drift}
        thresholds={view.thresholds}
        onSelect={(drift) => update({ drift: query.drift === drift ? undefined : drift })}
      />
      <KindFreshness
        kinds={view.kinds}
        generatedAt={view.generatedAt}
        refreshing={isFetching}
        error={error?.message}
      />
      <SessionFilters query={query} agents={view.agents} namespaces={view.namespaces} onChange={update} />
      {selected.size > 0 && canOperate ? (
        <section
          aria-label="Bulk actions"
          className="flex items-center gap-2 rounded border border-slate-300 bg-white px-3 py-2 text-sm"
        >
          <span data-testid="selection-count">{selected.size} selected</span>
          {manualOperations.map((operation) => (
            <button
              key={operation}
              type="button"
              className={buttonClass.small}
              onClick={() => setBulk(operation)}
            >
              {operationLabels[operation]}
            </button>
          ))}
          <button type="button" className="ml-auto text-xs underline" onClick={() => setSelected(new Set())}>
            Clear selection
          </button>
        </section>
      ) : null}
      {bulk ? (
        <OperationDialog
          operation={bulk}
          sessionIds={[...selected]}
          onClose={(changed) => {
            setBulk(undefined);
            if (changed) setSelected(new Set());
          }}
        />
      ) : null}
      <SessionsTable
        view={view}
        query={query}
        onSort={(sort) => update({ sort, dir: query.sort === sort && query.dir === "desc" ? "asc" : "desc" })}
        onPage={(page) => setQuery((current) => ({ ...current, page }))}
        selected={selected}
        onSelect={select}
        selectable={canOperate}
      />
    </div>
  );
}
