import Link from "next/link";
import { actorTypes } from "@/lib/db/schema";
import type { AuditSortKey } from "@/lib/dashboard/list-queries";
import type { TableQuery } from "@/lib/dashboard/table-query";
import type { AuditFilter } from "./audit-filter";

const inputClass = "rounded border border-slate-300 bg-white px-2 py-1 text-sm";

const local = (d: Date | undefined) => (d ? d.toISOString().slice(0, 16) : "");

/**
 * The filters as a plain GET form, filled in from the current URL. The sort, page size and
 * grouping ride along hidden; the page goes back to the first.
 */
export function AuditFilterForm({ filter, query }: { filter: AuditFilter; query: TableQuery<AuditSortKey> }) {
  return (
    <form className="flex flex-wrap items-end gap-2 text-sm" method="get">
      <input type="hidden" name="sort" value={query.sort} />
      <input type="hidden" name="dir" value={query.dir} />
      <input type="hidden" name="size" value={query.size} />
      {filter.refused === "each" ? <input type="hidden" name="refused" value="each" /> : null}
      <label className="flex flex-col text-xs text-slate-600">
        Actor
        <select name="actorType" defaultValue={filter.actorType ?? ""} className={inputClass}>
          <option value="">any</option>
          {actorTypes.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col text-xs text-slate-600">
        Actor id
        <input name="actorId" defaultValue={filter.actorId} className={inputClass} />
      </label>
      <label className="flex flex-col text-xs text-slate-600">
        Action (prefix with *)
        <input name="action" defaultValue={filter.action} placeholder="session.*" className={inputClass} />
      </label>
      <label className="flex flex-col text-xs text-slate-600">
        Session
        <input name="sessionId" defaultValue={filter.sessionId} className={inputClass} />
      </label>
      {(
        [
          ["since", "Since (UTC)"],
          ["until", "Until (UTC)"],
        ] as const
      ).map(([name, label]) => (
        <label key={name} className="flex flex-col text-xs text-slate-600">
          {label}
          <input
            type="datetime-local"
            name={name}
            defaultValue={local(filter[name])}
            className={inputClass}
          />
        </label>
      ))}
      <button type="submit" className="rounded bg-slate-900 px-3 py-1.5 text-white">
        Filter
      </button>
      <Link href="/audit" className="text-xs underline">
        Clear
      </Link>
    </form>
  );
}
