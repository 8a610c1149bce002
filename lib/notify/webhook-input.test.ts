import { describe, expect, it } from "vitest";
import { newWebhookInput } from "./webhook-input";

const good = {
  name: "On-call",
  url: "https://hooks.example.com/x",
  format: "slack",
  events: ["run.blocked"],
};

describe("newWebhookInput", () => {
  it.each([
    ["https", good],
    ["http on loopback (a receiver next to us; the tests)", { ...good, url: "http://127.0.0.1:9999/hook" }],
    ["a secret of one's own", { ...good, secret: "0123456789abcdef-own" }],
  ])("accepts %s", (_, input) => {
    expect(newWebhookInput.safeParse(input).success).toBe(true);
  });

  it.each([
    ["ftp", { ...good, url: "ftp://example.com/x" }, "must be an http:// or https:// URL"],
    ["javascript:", { ...good, url: "javascript:alert(1)" }, "must be an http:// or https:// URL"],
    ["not a URL", { ...good, url: "hooks.example.com" }, "must be an http:// or https:// URL"],
    ["a huge URL", { ...good, url: `https://e.com/${"a".repeat(2000)}` }, "must be at most 2,000 characters"],
    [
      "credentials in the URL",
      { ...good, url: "https://u:p@e.com/" },
      "must not carry a user name or password",
    ],
    ["markup in the name", { ...good, name: "<img src=x onerror=alert(1)>" }, "must be plain text"],
    ["a huge name", { ...good, name: "n".repeat(101) }, "must be at most 100 characters"],
    ["no events", { ...good, events: [] }, "choose at least one event"],
    ["an unknown event", { ...good, events: ["session.created"] }, "Invalid option"],
    ["an unknown format", { ...good, format: "teams" }, "Invalid option"],
    ["a short secret", { ...good, secret: "short" }, "must be at least 16 characters"],
    ["an extra field", { ...good, enabled: false }, "Unrecognized key"],
  ])("refuses %s", (_, input, message) => {
    const result = newWebhookInput.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.message).join("; ")).toContain(message);
  });

  it("dedupes the events", () => {
    expect(newWebhookInput.parse({ ...good, events: ["run.failed", "run.failed"] }).events).toEqual([
      "run.failed",
    ]);
  });
});
