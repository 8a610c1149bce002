/** The audit actions that record a refused request: noise when a script or a stale tab repeats one. */
export const refusedActions = ["auth.denied", "auth.sign_in_failed"] as const;

/** What grouping needs of an audit event. */
export type GroupableEvent = {
  id: number;
  occurredAt: Date;
  actorType: string;
  actorId: string;
  action: string;
};

/** A run of refused requests from one actor, shown as one row. */
export type RefusedGroup<Event> = {
  kind: "refused-group";
  /** The events, in the order the table lists them. */
  events: Event[];
  actor: string;
  action: string;
  firstAt: Date;
  lastAt: Date;
};

/** One line of the audit table: an event, or a group of refused ones. */
export type AuditLine<Event> = { kind: "event"; event: Event } | RefusedGroup<Event>;

/** How many consecutive refusals make a group: two are still easier read as two rows. */
export const minGroupSize = 3;

const isRefused = (e: GroupableEvent) => (refusedActions as readonly string[]).includes(e.action);
const actorOf = (e: GroupableEvent) => `${e.actorType}:${e.actorId}`;

/**
 * Collapses each run of at least {@link minGroupSize} consecutive refused requests (in the table's
 * order) of the same actor and action into one group; every other event stays a line of its own.
 * Only consecutive ones: an event between two refusals splits them, so what happened in between
 * is never hidden inside a group.
 */
export function groupRefusedEvents<Event extends GroupableEvent>(
  events: readonly Event[],
): AuditLine<Event>[] {
  const lines: AuditLine<Event>[] = [];
  let run: Event[] = [];
  const flush = () => {
    if (run.length >= minGroupSize) {
      const times = run.map((e) => e.occurredAt.getTime());
      lines.push({
        kind: "refused-group",
        events: run,
        actor: actorOf(run[0]!),
        action: run[0]!.action,
        firstAt: new Date(Math.min(...times)),
        lastAt: new Date(Math.max(...times)),
      });
    } else {
      lines.push(...run.map((event) => ({ kind: "event" as const, event })));
    }
    run = [];
  };
  for (const event of events) {
    const head = run[0];
    if (head && !(isRefused(event) && actorOf(event) === actorOf(head) && event.action === head.action))
      flush();
    if (isRefused(event)) run.push(event);
    else lines.push({ kind: "event", event });
  }
  flush();
  return lines;
}
