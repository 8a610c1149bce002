import Link from "next/link";
import type { SessionDetail } from "@/lib/dashboard/get-session-detail";
import { deriveSessionTimeline, type TimelineSource } from "@/lib/dashboard/session-timeline";
import { DetailsList } from "@/components/ui/details-list";
import { Time } from "@/components/ui/time";
import { Card } from "./detail-card";

const sourceLabel: Record<TimelineSource, string> = {
  state: "state",
  command: "command",
  audit: "audit",
  event: "k8s event",
  run: "reconcile",
};

/**
 * What happened to the session, oldest first: state changes, audit events, commands to its agent,
 * the reconcile runs that acted on it (linked) and the Kubernetes Events of its objects, each marked
 * with its source. Events that could not be read are said so; the rest still shows.
 */
export function Timeline(props: Pick<SessionDetail, "audit" | "commands" | "runs" | "events">) {
  const entries = deriveSessionTimeline({
    audit: props.audit,
    commands: props.commands,
    runs: props.runs,
    events: props.events.ok ? props.events.events : [],
  });
  return (
    <Card title="Timeline" testId="timeline">
      {props.events.ok ? (
        props.events.truncated ? (
          <p className="mb-2 text-xs text-slate-500" data-testid="timeline-events-note">
            Kubernetes Events: only the first 200 of the namespace were read.
          </p>
        ) : null
      ) : (
        <p role="alert" className="mb-2 text-sm text-red-700" data-testid="timeline-events-error">
          events could not be read: {props.events.error}
        </p>
      )}
      <ol className="space-y-1 text-sm">
        {entries.map((t) => (
          <li
            key={t.key}
            className="grid grid-cols-[13rem_6rem_16rem_minmax(0,1fr)] gap-2"
            data-testid="timeline-entry"
            data-source={t.source}
          >
            <Time at={t.at} format="absolute" className="font-mono text-xs text-slate-500" />
            <span
              className={`text-xs uppercase tracking-wide ${t.warning ? "text-red-700" : "text-slate-500"}`}
              data-testid="timeline-source"
            >
              {sourceLabel[t.source]}
            </span>
            <span className="font-medium">
              {t.href ? (
                <Link href={t.href} className="underline">
                  {t.what}
                </Link>
              ) : (
                t.what
              )}
            </span>
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
