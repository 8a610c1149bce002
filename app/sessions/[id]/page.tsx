import { StopAttemptsCard } from "@/components/sessions/stop-attempts-card";
import { deriveStopAttempts } from "@/lib/sessions/stop-attempts";
import { authorizePage } from "@/lib/auth/guard";
import { notFound } from "next/navigation";
import { Unavailable } from "@/components/layout/unavailable";
import { AutoRefresh } from "@/components/layout/auto-refresh";
import { getSessionDetail } from "@/lib/dashboard/get-session-detail";
import { sessionId as sessionIdSchema } from "@/lib/platform/schemas";
import { LiveObjects } from "./live-objects";
import { SessionDrift } from "./session-drift";
import { SessionHeader } from "./session-header";
import { AgentCard, DatabaseRowCard } from "./session-row-cards";
import { Timeline } from "./timeline";
import type { Metadata } from "next";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: `Session ${(await params).id}` };
}

/** One session: its row, its agent, each live object with health and conditions, and its timeline. */
export default async function SessionPage({ params }: { params: Promise<{ id: string }> }) {
  await authorizePage("/sessions/[id]", `/sessions/${(await params).id}`);
  const { id } = await params;
  if (!sessionIdSchema.safeParse(id).success) notFound();
  let detail;
  try {
    detail = await getSessionDetail(id);
  } catch (error) {
    return <Unavailable error={error} />;
  }
  if (!detail) notFound();
  const { session, agent, observed, quarantined, drift, commands, audit, runs, events, stuckPods, now } =
    detail;
  return (
    <div className="mx-auto max-w-[1400px] space-y-4 px-4 py-6">
      <AutoRefresh />
      <SessionHeader session={session} observed={observed} quarantined={quarantined} now={now} />
      <SessionDrift drift={drift} />
      <div className="grid gap-4 md:grid-cols-2">
        <DatabaseRowCard session={session} />
        <AgentCard session={session} agent={agent} now={now} />
      </div>
      <StopAttemptsCard
        stops={deriveStopAttempts(commands)}
        escalateAttempts={detail.stopEscalateAttempts}
        now={now}
      />
      <LiveObjects observed={observed} stuckPods={stuckPods} sessionId={session.id} />
      <Timeline audit={audit} commands={commands} runs={runs} events={events} />
    </div>
  );
}
