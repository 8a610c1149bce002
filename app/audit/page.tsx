import { authorizePage } from "@/lib/auth/guard";
import Link from "next/link";
import { z } from "zod";
import { Unavailable } from "@/components/layout/unavailable";
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
        <label className="flex flex-col text-xs text-slate-600">
          Since (UTC)
          <input
            type="datetime-local"
            name="since"
            defaultValue={local(filter.since)}
            className={inputClass}
          />
        </label>
        <label className="flex flex-col text-xs text-slate-600">
          Until (UTC)
          <input
            type="datetime-local"
            name="until"
            defaultValue={local(filter.until)}
            className={inputClass}
          />
        </label>
        <button type="submit" className="rounded bg-slate-900 px-3 py-1.5 text-white">
          Filter
        </button>
        <Link href="/audit" className="text-xs underline">
          Clear
        </Link>
      </form>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
        <table className="w-full text-sm">
          <thead className="border-b bg-slate-50 text-left text-xs text-slate-600">
            <tr>
              <th className="px-3 py-2 font-medium">Time (UTC)</th>
              <th className="px-3 py-2 font-medium">Actor</th>
              <th className="px-3 py-2 font-medium">Action</th>
              <th className="px-3 py-2 font-medium">Session</th>
              <th className="px-3 py-2 font-medium">Agent</th>
              <th className="px-3 py-2 font-medium">Details</th>
            </tr>
          </thead>
          <tbody>
            {events.length === 0 ? (
              <tr>
                <td colSpan={6} className="px-3 py-8 text-center text-slate-500">
                  No events match.
                </td>
              </tr>
            ) : null}
            {events.map((e) => (
              <tr key={e.id} className="border-b border-slate-100 align-top" data-testid="audit-row">
                <td className="whitespace-nowrap px-3 py-1.5 font-mono text-xs">
                  {e.occurredAt.toISOString().replace("T", " ").slice(0, 19)}
                </td>
                <td className="px-3 py-1.5">
                  {e.actorType}:{e.actorId}
                </td>
                <td className="px-3 py-1.5 font-medium">{e.action}</td>
                <td className="px-3 py-1.5 font-mono text-xs">
                  {e.sessionId ? (
                    <Link href={`/sessions/${encodeURIComponent(e.sessionId)}`} className="hover:underline">
                      {e.sessionId}
                    </Link>
                  ) : (
                    "—"
                  )}
                </td>
                <td className="px-3 py-1.5">{e.agentId ?? "—"}</td>
                <td className="max-w-xl break-all px-3 py-1.5 text-xs text-slate-600">
                  {JSON.stringify(e.details)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {events.length === pageSize ? (
        <Link href={`/audit?${older}`} className="text-sm underline">
          Older events →
        </Link>
      ) : null}
    </main>
  );
}
