"use client";

import { useState } from "react";
import type { SessionsView } from "@/lib/dashboard/get-sessions-view";
import type { SessionsQuery } from "@/lib/dashboard/query";
import { useCan } from "@/components/auth/permissions";
import type { ManualOperation } from "@/lib/reconcile/operations";
import { BulkActions } from "./bulk-actions";
import { DriftCards } from "./drift-cards";
import { OperationDialog } from "./operation-dialog";
import { KindFreshness } from "./kind-freshness";
import { SessionFilters } from "./session-filters";
import { SessionsTable } from "./sessions-table";
import { useSelection, useSessionsView } from "./use-sessions-view";

export { toSearchParams } from "./use-sessions-view";

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
  const { query, setQuery, update, view, error, isFetching } = useSessionsView(initialView, initialQuery);
  const { selected, select, clear } = useSelection();
  const [bulk, setBulk] = useState<ManualOperation>();
  const canOperate = useCan("sessions:operate");

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
        <BulkActions count={selected.size} onOperation={setBulk} onClear={clear} />
      ) : null}
      {bulk ? (
        <OperationDialog
          operation={bulk}
          sessionIds={[...selected]}
          onClose={(changed) => {
            setBulk(undefined);
            if (changed) clear();
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
