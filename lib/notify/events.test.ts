import { describe, expect, it } from "vitest";
import { deriveWebhookBody } from "./body";
import { deriveDedupeKey, deriveEventSummary, type NotifyEvent } from "./events";

const at = "2026-12-04T03:00:00.000Z";
const context = { installation: "prod-eu", deliveryId: "3f1c7a52-0000-4000-8000-000000000001" };

const events: NotifyEvent[] = [
  {
    type: "session.stuck",
    occurredAt: at,
    sessionId: "s-1",
    agentId: "agent-a",
    state: "terminating",
    stateChangedAt: "2026-12-04T02:50:00.000Z",
    driftClass: "stuck-terminating",
    sentence: "terminating for 10 min",
  },
  {
    type: "run.blocked",
    occurredAt: at,
    runId: 7,
    trigger: "loop",
    reason: "would delete 300 objects (limit 100)",
  },
  { type: "run.failed", occurredAt: at, runId: 8, trigger: "cron", error: "database unavailable" },
  { type: "automation.paused", occurredAt: at, actorId: "admin@example.com", reason: "maintenance" },
  { type: "automation.resumed", occurredAt: at, actorId: "admin@example.com" },
  { type: "agents.all_silent", occurredAt: at, agentCount: 3, silentSince: "2026-12-04T02:59:00.000Z" },
];

describe("deriveDedupeKey", () => {
  it.each([
    [0, "session.stuck:s-1:2026-12-04T02:50:00.000Z"],
    [1, "run.blocked:7"],
    [2, "run.failed:8"],
    [3, `automation.paused:${at}`],
    [4, `automation.resumed:${at}`],
    [5, "agents.all_silent:2026-12-04T02:59:00.000Z"],
  ])("event %i → %s", (index, key) => {
    expect(deriveDedupeKey(events[index]!)).toBe(key);
  });

  it("is the same for the same stuck episode seen by a later pass, another for a new episode", () => {
    const stuck = events[0] as Extract<NotifyEvent, { type: "session.stuck" }>;
    expect(deriveDedupeKey({ ...stuck, occurredAt: "2026-12-04T03:01:00.000Z" })).toBe(
      deriveDedupeKey(stuck),
    );
    expect(deriveDedupeKey({ ...stuck, stateChangedAt: "2026-12-04T03:30:00.000Z" })).not.toBe(
      deriveDedupeKey(stuck),
    );
  });
});

describe("deriveWebhookBody", () => {
  it("generic: id, type, time, installation, summary and the event's fields in data", () => {
    expect(deriveWebhookBody(events[1]!, "generic", context)).toEqual({
      id: context.deliveryId,
      type: "run.blocked",
      occurredAt: at,
      installation: "prod-eu",
      summary: "Reconcile run 7 (loop) is blocked: would delete 300 objects (limit 100)",
      data: { runId: 7, trigger: "loop", reason: "would delete 300 objects (limit 100)" },
    });
  });

  it("slack: text and blocks, the same sentence in both", () => {
    const body = deriveWebhookBody(events[5]!, "slack", {
      ...context,
      dashboardUrl: "https://sr.example.com",
    });
    expect(body).toEqual({
      text: "[prod-eu] All 3 approved agents are silent since 2026-12-04T02:59:00.000Z: no session can be started or stopped",
      blocks: [
        {
          type: "section",
          text: {
            type: "mrkdwn",
            text: "[prod-eu] All 3 approved agents are silent since 2026-12-04T02:59:00.000Z: no session can be started or stopped",
          },
        },
        {
          type: "context",
          elements: [
            { type: "mrkdwn", text: `agents.all_silent · ${at} · <https://sr.example.com|dashboard>` },
          ],
        },
      ],
    });
  });

  it("slack: markup in a value is escaped, never a link or a mention", () => {
    const body = deriveWebhookBody(
      {
        ...(events[3] as Extract<NotifyEvent, { type: "automation.paused" }>),
        reason: "<!channel> & <http://x|y>",
      },
      "slack",
      context,
    ) as { text: string };
    expect(body.text).toBe(
      "[prod-eu] Automation paused by admin@example.com: &lt;!channel&gt; &amp; &lt;http://x|y&gt;",
    );
  });

  it.each(events.map((e) => [e.type, e] as const))(
    "every event has a summary and both bodies (%s)",
    (_, event) => {
      expect(deriveEventSummary(event).length).toBeGreaterThan(10);
      expect(JSON.stringify(deriveWebhookBody(event, "generic", context))).toContain(event.type);
      expect(deriveWebhookBody(event, "slack", context)).toHaveProperty("blocks");
    },
  );
});
