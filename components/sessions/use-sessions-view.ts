import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useState } from "react";
import type { SessionsView } from "@/lib/dashboard/get-sessions-view";
import type { SessionsQuery } from "@/lib/dashboard/query";

const refreshMs = 3_000;

/** The query as URL parameters, leaving out defaults so URLs stay short and shareable. */
export function toSearchParams(query: SessionsQuery): URLSearchParams {
  const params = new URLSearchParams();
  const defaults: Partial<SessionsQuery> = {
    sort: "severity",
    dir: "desc",
    page: 1,
    pageSize: 50,
    ended: "hide",
  };
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
 * The query and the view it gives, refetched every few seconds in place; the server's first view
 * stands for the first query. `update` changes filters and goes back to page 1.
 */
export function useSessionsView(initialView: SessionsView, initialQuery: SessionsQuery) {
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

  return { query, setQuery, update, view, error, isFetching };
}

/** Selected session ids, kept by id across refreshes and pages. */
export function useSelection() {
  const [selected, setSelected] = useState<Set<string>>(new Set());
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
  const clear = useCallback(() => setSelected(new Set()), []);
  return { selected, select, clear };
}
