"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useState } from "react";
import type { SessionsView } from "@/lib/dashboard/get-sessions-view";
import type { SessionsQuery } from "@/lib/dashboard/query";
import { DriftCards } from "./drift-cards";
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
      <SessionsTable
        view={view}
        query={query}
        onSort={(sort) => update({ sort, dir: query.sort === sort && query.dir === "desc" ? "asc" : "desc" })}
        onPage={(page) => setQuery((current) => ({ ...current, page }))}
      />
    </div>
  );
}
