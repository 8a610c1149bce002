import { describe, expect, it } from "vitest";
import { groupRefusedEvents, type GroupableEvent } from "./audit-groups";

const NOW = Date.parse("2026-12-03T03:00:00Z");
let nextId = 1;
const event = (action: string, actorId = "viewer@example.com", secondsAgo = 0): GroupableEvent => ({
  id: nextId++,
  occurredAt: new Date(NOW - secondsAgo * 1000),
  actorType: "user",
  actorId,
  action,
});
const shape = (lines: ReturnType<typeof groupRefusedEvents>) =>
  lines.map((l) => (l.kind === "event" ? l.event.action : `${l.events.length}×${l.action} ${l.actor}`));

describe("groupRefusedEvents", () => {
  it.each([
    ["nothing", [], []],
    [
      "two refusals stay two rows",
      [event("auth.denied"), event("auth.denied")],
      ["auth.denied", "auth.denied"],
    ],
    [
      "three of one actor become one group",
      [event("auth.denied"), event("auth.denied"), event("auth.denied")],
      ["3×auth.denied user:viewer@example.com"],
    ],
    [
      "another event in between splits the run",
      [
        event("auth.denied"),
        event("auth.denied"),
        event("session.created"),
        event("auth.denied"),
        event("auth.denied"),
      ],
      ["auth.denied", "auth.denied", "session.created", "auth.denied", "auth.denied"],
    ],
    [
      "another actor's refusal splits the run",
      [
        event("auth.denied", "a"),
        event("auth.denied", "a"),
        event("auth.denied", "a"),
        event("auth.denied", "b"),
        event("auth.denied", "b"),
        event("auth.denied", "b"),
      ],
      ["3×auth.denied user:a", "3×auth.denied user:b"],
    ],
    [
      "a failed sign-in does not join denied pages",
      [event("auth.denied"), event("auth.denied"), event("auth.denied"), event("auth.sign_in_failed")],
      ["3×auth.denied user:viewer@example.com", "auth.sign_in_failed"],
    ],
    [
      "events that are not refusals never group",
      [event("session.created"), event("session.created"), event("session.created")],
      ["session.created", "session.created", "session.created"],
    ],
  ])("%s", (_, events, expected) => {
    expect(shape(groupRefusedEvents(events))).toEqual(expected);
  });

  it("spans the group from its first to its last refusal and keeps every event", () => {
    const events = [
      event("auth.denied", "x", 0),
      event("auth.denied", "x", 90),
      event("auth.denied", "x", 30),
    ];
    const [group] = groupRefusedEvents(events);
    expect(group).toMatchObject({
      kind: "refused-group",
      firstAt: new Date(NOW - 90_000),
      lastAt: new Date(NOW),
      events,
    });
  });
});
