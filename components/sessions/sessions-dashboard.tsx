"use client";

import { useCallback, useState } from "react";
import type { SessionsView } from "@/lib/dashboard/get-sessions-view";
import type { SessionsQuery } from "@/lib/dashboard/query";
import { useCan } from "@/components/auth/permissions";
import type { ManualOperation } from "@/lib/reconcile/operations";
import { BulkActions } from "./bulk-actions";
import { DriftCards } from "./drift-cards";
import { FilterBar } from "./filter-bulk-actions";
import { OperationDialog } from "./operation-dialog";
import { OperationNotice } from "./operation-notice";
import type { OperationSummary } from "./operation-summary";
import { OperationLauncher } from "./session-actions";
import { KindFreshness } from "./kind-freshness";
import { SessionFilters } from "./session-filters";
import { SessionsTable } from "./sessions-table";
import { useSelection, useSessionsView } from "./use-sessions-view";
import { useRowKeyboard } from "./use-row-keyboard";
import { ShortcutsHelp } from "@/components/ui/shortcuts-help";

export { toSearchParams } from "./use-sessions-view";

/**
 * The sessions dashboard: drift counts, freshness of each kind, filters kept in the URL, and the
 * table. It refetches every few seconds in place (no remount), so scroll position, open menus and
 * typed text survive a refresh. An operation's dialog — from a row or the selection — lives here,
 * above the table, with the ids it was opened with, so its results stay until it is closed; then
 * a notice sums them up. Keyboard: `/` search, `j`/`k` move, `x` select, Enter open, `?` help.
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
  const [operation, setOperation] = useState<{
    operation: ManualOperation;
    sessionIds: string[];
    fromSelection: boolean;
  }>();
  const [notice, setNotice] = useState<OperationSummary>();
  const canOperate = useCan("sessions:operate");
  const keyboard = useRowKeyboard({
    rows: view?.rows ?? [],
    selected,
    onSelect: select,
    selectable: canOperate,
  });
  const launchFromRow = useCallback(
    (op: ManualOperation, sessionIds: string[]) =>
      setOperation({ operation: op, sessionIds, fromSelection: false }),
    [],
  );

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
      <SessionFilters
        query={query}
        clusters={view.clusters ?? []}
        agents={view.agents}
        namespaces={view.namespaces}
        hiddenEnded={view.hiddenEnded}
        onChange={update}
      />
      <FilterBar query={query} count={view.filteredTotal} canOperate={canOperate} onDone={setNotice} />
      {selected.size > 0 && canOperate ? (
        <BulkActions
          count={selected.size}
          onOperation={(op) =>
            setOperation({ operation: op, sessionIds: [...selected], fromSelection: true })
          }
          onClear={clear}
        />
      ) : null}
      {operation ? (
        <OperationDialog
          operation={operation.operation}
          sessionIds={operation.sessionIds}
          onClose={(summary) => {
            setOperation(undefined);
            if (summary) setNotice(summary);
            if (summary && operation.fromSelection) clear();
          }}
        />
      ) : null}
      {keyboard.helpOpen ? <ShortcutsHelp onClose={keyboard.closeHelp} /> : null}
      {notice ? <OperationNotice summary={notice} onDismiss={() => setNotice(undefined)} /> : null}
      <OperationLauncher value={launchFromRow}>
        <SessionsTable
          view={view}
          query={query}
          onSort={(sort) =>
            update({ sort, dir: query.sort === sort && query.dir === "desc" ? "asc" : "desc" })
          }
          onPage={(page) => setQuery((current) => ({ ...current, page }))}
          onPageSize={(pageSize) => update({ pageSize })}
          selected={selected}
          onSelect={select}
          selectable={canOperate}
          focusedId={keyboard.focusedId}
        />
      </OperationLauncher>
    </div>
  );
}
