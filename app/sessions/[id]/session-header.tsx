import Link from "next/link";
import { SessionActions } from "@/components/sessions/session-actions";
import { Badge } from "@/components/ui/badge";
import type { SessionDetail } from "@/lib/dashboard/get-session-detail";
import { Time } from "@/components/ui/time";
import { CopyButton } from "@/components/ui/copy-button";

/** The way back, the session's id and state (and for how long), and what may be done to it. */
export function SessionHeader({
  session,
  observed,
  quarantined,
  now,
}: Pick<SessionDetail, "session" | "observed" | "quarantined" | "now">) {
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Link href="/sessions" className="text-sm text-slate-500 hover:underline">
        ← Sessions
      </Link>
      <h1 className="font-mono text-xl font-semibold">{session.id}</h1>
      <CopyButton text={session.id} label="session id" />
      <Badge
        tone={session.state === "terminating" ? "warning" : session.state === "running" ? "ok" : "neutral"}
      >
        {session.state}
      </Badge>
      <span className="text-sm text-slate-500">
        for <Time at={session.stateChangedAt} now={now} format="elapsed" />
      </span>
      {quarantined.length > 0 ? (
        <Badge tone="warning">
          in quarantine until{" "}
          <Time
            at={quarantined
              .map((q) => q.untilAt)
              .sort()
              .at(-1)!}
            format="absolute"
          />
        </Badge>
      ) : null}
      <span className="ml-auto" data-testid="session-actions">
        <SessionActions
          sessionId={session.id}
          state={session.state}
          quarantined={quarantined.length > 0}
          hasObjects={
            (observed.deployments?.length ?? 0) +
              (observed.services?.length ?? 0) +
              (observed.pods?.length ?? 0) >
            0
          }
        />
      </span>
    </div>
  );
}
