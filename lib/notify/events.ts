/**
 * What the reconciler tells the outside world through webhooks (issue 12 item 7): one event type
 * per thing a person on call must know, as a discriminated union. Pure data, no I/O.
 */

/** Every event type, in the order the settings page lists them. */
export const notifyEventTypes = [
  "session.stuck",
  "run.blocked",
  "run.failed",
  "automation.paused",
  "automation.resumed",
  "agents.all_silent",
] as const;
export type NotifyEventType = (typeof notifyEventTypes)[number];

/** What each event type means, for the settings page and the docs. */
export const notifyEventDescriptions: Record<NotifyEventType, string> = {
  "session.stuck": "a session stuck past its threshold (once per session per episode)",
  "run.blocked": "a reconcile run held at the blast-radius limit",
  "run.failed": "a reconcile run that failed",
  "automation.paused": "automation paused by an admin",
  "automation.resumed": "automation resumed by an admin",
  "agents.all_silent": "every approved agent silent while the control plane is alive (once per episode)",
};

interface EventBase {
  /** When it happened (ISO 8601). */
  occurredAt: string;
}

/** One thing to notify about. `dedupeKey` ({@link deriveDedupeKey}) makes it once per episode. */
export type NotifyEvent =
  | (EventBase & {
      type: "session.stuck";
      sessionId: string;
      agentId: string;
      state: string;
      /** Since when the session is in `state`: the episode (a new stop of the same session is another). */
      stateChangedAt: string;
      driftClass: string;
      sentence: string;
    })
  | (EventBase & { type: "run.blocked"; runId: number; trigger: string; reason: string })
  | (EventBase & { type: "run.failed"; runId: number; trigger: string; error: string })
  | (EventBase & { type: "automation.paused"; actorId: string; reason?: string })
  | (EventBase & { type: "automation.resumed"; actorId: string })
  | (EventBase & {
      /** Sent by "Send test" only, to the one webhook; nobody subscribes to it. */
      type: "webhook.test";
      actorId: string;
      testId: string;
    })
  | (EventBase & {
      type: "agents.all_silent";
      agentCount: number;
      /** When the last of them fell silent: the episode. */
      silentSince: string;
    });

/**
 * The key that makes an event once per episode: a delivery with the same key for the same webhook
 * is never enqueued twice (a unique index), so a pass every 60 s does not repeat a stuck session.
 * Runs and pauses are each their own episode.
 */
export function deriveDedupeKey(event: NotifyEvent): string {
  switch (event.type) {
    case "session.stuck":
      return `session.stuck:${event.sessionId}:${event.stateChangedAt}`;
    case "run.blocked":
    case "run.failed":
      return `${event.type}:${event.runId}`;
    case "automation.paused":
    case "automation.resumed":
      return `${event.type}:${event.occurredAt}`;
    case "agents.all_silent":
      return `agents.all_silent:${event.silentSince}`;
    case "webhook.test":
      return `webhook.test:${event.testId}`;
    default: {
      const unknown: never = event;
      throw new Error(`unknown event ${JSON.stringify(unknown)}`);
    }
  }
}

/** One line a person reads: the Slack text and the generic body's `summary`. */
export function deriveEventSummary(event: NotifyEvent): string {
  switch (event.type) {
    case "session.stuck":
      return `Session ${event.sessionId} is stuck ${event.state} since ${event.stateChangedAt}: ${event.sentence}`;
    case "run.blocked":
      return `Reconcile run ${event.runId} (${event.trigger}) is blocked: ${event.reason}`;
    case "run.failed":
      return `Reconcile run ${event.runId} (${event.trigger}) failed: ${event.error}`;
    case "automation.paused":
      return `Automation paused by ${event.actorId}${event.reason ? `: ${event.reason}` : ""}`;
    case "automation.resumed":
      return `Automation resumed by ${event.actorId}`;
    case "webhook.test":
      return `Test notification sent by ${event.actorId}: this webhook works`;
    case "agents.all_silent":
      return `All ${event.agentCount} approved agent${event.agentCount === 1 ? " is" : "s are"} silent since ${event.silentSince}: no session can be started or stopped`;
    default: {
      const unknown: never = event;
      throw new Error(`unknown event ${JSON.stringify(unknown)}`);
    }
  }
}
