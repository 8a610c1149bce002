import { authorizePage } from "@/lib/auth/guard";
import Link from "next/link";
import { z } from "zod";
import { Unavailable } from "@/components/layout/unavailable";
import { DataTable, TableCard, type Column } from "@/components/ui/table";
import { listAudit } from "@/lib/db/readers/audit";
import { actorTypes } from "@/lib/db/schema";

export const dynamic = "force-dynamic";

const pageSize = 100;
const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const filterSchema = z.object({
  actorType: z.preprocess(blankToUndefined, z.enum(actorTypes).optional()).catch(undefined),
  actorId: z.preprocess(blankToUndefined, z.string().max(200).optional()).catch(undefined),
  action: z.preprocess(blankToUndefined, z.string().max(100).optional()).catch(undefined),
  sessionId: z.preprocess(blankToUndefined, z.string().max(100).optional()).catch(undefined),
  since: z.preprocess(blankToUndefined, z.coerce.date().optional()).catch(undefined),
  until: z.preprocess(blankToUndefined, z.coerce.date().optional()).catch(undefined),
  before: z.preprocess(blankToUndefined, z.coerce.number().int().positive().optional()).catch(undefined),
});

const inputClass = "rounded border border-slate-300 bg-white px-2 py-1 text-sm";

type AuditEvent = Awaited<ReturnType<typeof listAudit>>[number];

const columns: Column<AuditEvent>[] = [
  {
    header: "Time (UTC)",
    className: "whitespace-nowrap font-mono text-xs",
    cell: (e) => e.occurredAt.toISOString().replace("T", " ").slice(0, 19),
  },
  {
    header: "Actor",
    cell: (e) => (
      <>
        {e.actorType}:{e.actorId}
      </>
    ),
  },
  { header: "Action", className: "font-medium", cell: (e) => e.action },
  {
    header: "Session",
    className: "font-mono text-xs",
    cell: (e) =>
      e.sessionId ? (
        <Link href={`/sessions/${encodeURIComponent(e.sessionId)}`} className="hover:underline">
          {e.sessionId}
        </Link>
      ) : (
        "—"
      ),
  },
  { header: "Agent", cell: (e) => e.agentId ?? "—" },
  {
    header: "Details",
    className: "max-w-xl break-all text-xs text-slate-600",
    cell: (e) => JSON.stringify(e.details),
  },
];

/** The audit log: who did what to which session or agent, when; filterable, newest first. */
export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  await authorizePage("/audit");
  const filter = filterSchema.parse(await searchParams);
  let events;
  try {
    events = await listAudit({
      ...filter,
      beforeId: filter.before,
      limit: pageSize,
    });
  } catch (error) {
    return <Unavailable error={error} />;
  }
  const older = new URLSearchParams(
    Object.entries({ ...(await searchParams), before: String(events.at(-1)?.id ?? "") }).filter(
      ([, v]) => v,
    ) as [string, string][],
  );
  const local = (d: Date | undefined) => (d ? d.toISOString().slice(0, 16) : "");
  return (
    <main className="mx-auto max-w-[1400px] space-y-4 px-4 py-6">
      <h1 className="text-xl font-semibold tracking-tight">Audit log</h1>
      <form className="flex flex-wrap items-end gap-2 text-sm" method="get">
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
      <TableCard>
        <DataTable
          look="card-dense"
          columns={columns}
          rows={events}
          rowKey={(e) => e.id}
          rowAttributes={() => ({ "data-testid": "audit-row", className: "align-top" })}
          empty="No events match."
        />
      </TableCard>
      {events.length === pageSize ? (
        <Link href={`/audit?${older}`} className="text-sm underline">
          Older events →
        </Link>
      ) : null}
    </main>
  );
}
