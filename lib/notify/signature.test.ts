import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generateWebhookSecret, signWebhook, verifyWebhookSignature } from "./signature";

const secret = "whsec_test_0123456789abcdef";
const body = JSON.stringify({ type: "run.blocked", data: { runId: 7 } });
const t = 1_796_353_200;

describe("signWebhook", () => {
  it("is t=<unix>,v1=<hex HMAC-SHA256 of t.body>, as a receiver recomputes it with its own crypto", () => {
    const expected = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
    expect(signWebhook(body, secret, t)).toBe(`t=${t},v1=${expected}`);
  });
});

describe("verifyWebhookSignature", () => {
  const header = signWebhook(body, secret, t);
  const check = (over: Partial<Parameters<typeof verifyWebhookSignature>[0]>) =>
    verifyWebhookSignature({ header, body, secret, nowSeconds: t + 10, toleranceSeconds: 300, ...over });

  it.each([
    ["the genuine delivery", {}, { ok: true, timestamp: t }],
    ["a changed body", { body: body.replace("7", "8") }, { ok: false, reason: "signature mismatch" }],
    ["another secret", { secret: "whsec_other_secret_000" }, { ok: false, reason: "signature mismatch" }],
    [
      "a replay an hour later",
      { nowSeconds: t + 3600 },
      { ok: false, reason: "timestamp outside the tolerance" },
    ],
    ["no header", { header: undefined }, { ok: false, reason: "no timestamp" }],
    ["a garbled header", { header: "v1=zz" }, { ok: false, reason: "no timestamp" }],
    [
      "a forged timestamp",
      { header: header.replace(`t=${t}`, `t=${t + 5}`) },
      { ok: false, reason: "signature mismatch" },
    ],
    ["a short signature", { header: `t=${t},v1=abcd` }, { ok: false, reason: "signature mismatch" }],
  ])("%s", (_, over, expected) => {
    expect(check(over)).toEqual(expected);
  });
});

describe("generateWebhookSecret", () => {
  it("is whsec_ + 43 base64url characters, new every time", () => {
    const a = generateWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(generateWebhookSecret()).not.toBe(a);
  });
});
