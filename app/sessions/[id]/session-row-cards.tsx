import Link from "next/link";
import { Dot } from "@/components/ui/badge";
import type { SessionDetail } from "@/lib/dashboard/get-session-detail";
import { At, Card, Field } from "./detail-card";
import { Time } from "@/components/ui/time";

/** The session's row in the database. */
export function DatabaseRowCard({ session }: Pick<SessionDetail, "session">) {
  return (
    <Card title="Database row">
      <dl>
        <Field label="User">{session.userId}</Field>
        <Field label="Template">{session.template}</Field>
        <Field label="Cluster">{session.cluster}</Field>
        <Field label="Namespace">{session.namespace}</Field>
        <Field label="State">
          {session.state} since <At at={session.stateChangedAt} />
        </Field>
        <Field label="Termination reason">{session.terminationReason ?? "—"}</Field>
        <Field label="Terminated at">
          <At at={session.terminatedAt} />
        </Field>
        <Field label="Created">
          <At at={session.createdAt} />
        </Field>
      </dl>
    </Card>
  );
}

/** The agent the session belongs to: its connection, approval, epoch, heartbeat and inventory. */
export function AgentCard({ session, agent, now }: Pick<SessionDetail, "session" | "agent" | "now">) {
  const ago = (d: Date | null | undefined) => (d ? <Time at={d} now={now} /> : "—");
  return (
    <Card title="Agent">
      {agent ? (
        <dl>
          <Field label="Agent">
            <Link href="/agents" className="hover:underline">
              {agent.id}
            </Link>{" "}
            ({agent.cluster})
          </Field>
          <Field label="Connection">
            <span className="inline-flex items-center gap-1.5">
              <Dot
                tone={agent.connection.connected ? "ok" : "error"}
                label={agent.connection.connected ? "connected" : "disconnected"}
              />
              {agent.connection.connected ? "connected" : "disconnected"}{" "}
              {agent.connection.since ? <>since {ago(agent.connection.since)}</> : null}
            </span>
          </Field>
          <Field label="Approval">{agent.approvalStatus}</Field>
          <Field label="Epoch">{agent.epoch}</Field>
          <Field label="Last heartbeat">{ago(agent.lastHeartbeatAt)}</Field>
          <Field label="Reports the session">{agent.inventory.includes(session.id) ? "yes" : "no"}</Field>
        </dl>
      ) : (
        <p className="text-sm text-red-700">Agent {session.agentId} is not registered.</p>
      )}
    </Card>
  );
}
