import type { SessionDetail } from "@/lib/dashboard/get-session-detail";
import { DetailsList } from "@/components/ui/details-list";
import { Time } from "@/components/ui/time";
import { Card, formatAt } from "./detail-card";

/** One line of the timeline; an audit event's details are its fields, a command's a sentence. */
type TimelineEntry = {
  at: Date;
  key: string;
  what: string;
  who: string;
  detail: string | Record<string, unknown>;
};

/** The session's audit events and commands as one list, oldest first. */
function deriveTimeline({ audit, commands }: Pick<SessionDetail, "audit" | "commands">): TimelineEntry[] {
  return [
    ...audit.map((e) => ({
      at: e.occurredAt,
      key: `a${e.id}`,
      what: e.action,
      who: `${e.actorType}:${e.actorId}`,
      detail: e.details,
    })),
    ...commands.map((c) => ({
      at: c.createdAt,
      key: `c${c.id}`,
      what: `command ${c.id} ${c.type} (attempt ${c.attempt})`,
      who: `→ ${c.agentId}`,
      detail: `${c.status}${c.dispatchedAt ? `, dispatched ${formatAt(c.dispatchedAt)} to epoch ${c.dispatchedEpoch}` : ""}${c.finishedAt ? `, finished ${formatAt(c.finishedAt)}` : ""}${c.error ? `: ${c.error}` : ""}`,
    })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime() || a.key.localeCompare(b.key));
}

/** What happened to the session: audit events and commands to its agent, in order. */
export function Timeline(props: Pick<SessionDetail, "audit" | "commands">) {
  return (
    <Card title="Timeline" testId="timeline">
      <ol className="space-y-1 text-sm">
        {deriveTimeline(props).map((t) => (
          <li
            key={t.key}
            className="grid grid-cols-[13rem_16rem_minmax(0,1fr)] gap-2"
            data-testid="timeline-entry"
          >
            <Time at={t.at} format="absolute" className="font-mono text-xs text-slate-500" />
            <span className="font-medium">{t.what}</span>
            <div className="text-xs text-slate-600">
              <div>{t.who}</div>
              {typeof t.detail === "string" ? (
                <div className="break-words">{t.detail}</div>
              ) : (
                <DetailsList details={t.detail} />
              )}
            </div>
          </li>
        ))}
      </ol>
    </Card>
  );
}
