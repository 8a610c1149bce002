import { describe, expect, it } from "vitest";
import {
  deriveAgentCredential,
  hashSecret,
  issueAgentCredential,
  parseAgentCredential,
  readBearerToken,
  secretMatchesHash,
  secretsMatch,
} from "./tokens";

describe("secretsMatch", () => {
  it("matches equal secrets only", () => {
    expect(secretsMatch("a-long-secret-value", "a-long-secret-value")).toBe(true);
    expect(secretsMatch("a-long-secret-value", "a-long-secret-valuE")).toBe(false);
    expect(secretsMatch("short", "a-long-secret-value")).toBe(false);
  });
  it("fails closed when nothing is configured or presented", () => {
    expect(secretsMatch(undefined, undefined)).toBe(false);
    expect(secretsMatch("", "")).toBe(false);
    expect(secretsMatch("x", undefined)).toBe(false);
  });
});

describe("agent credentials", () => {
  it("are `sra.<agentId>.<epoch>.<secret>`, of which only the secret's hash is stored", () => {
    const secret = "s".repeat(43);
    expect(deriveAgentCredential("agent-a", 3, secret)).toEqual({
      token: `sra.agent-a.3.${secret}`,
      secretHash: hashSecret(secret),
    });
  });

  it("round-trips and verifies against the stored hash", () => {
    const { token, secretHash } = issueAgentCredential("agent-a", 3);
    const parsed = parseAgentCredential(token);
    expect(parsed).toMatchObject({ agentId: "agent-a", epoch: 3 });
    expect(secretMatchesHash(parsed!.secret, secretHash)).toBe(true);
    expect(secretMatchesHash(parsed!.secret + "x", secretHash)).toBe(false);
    expect(secretMatchesHash(parsed!.secret, null)).toBe(false);
    expect(secretHash).toBe(hashSecret(parsed!.secret));
  });

  it.each([
    "",
    "Bearer x",
    "sra.agent-a.0.aaaaaaaaaaaaaaaaaaaaaaaa",
    "sra.Agent.1.aaaaaaaaaaaaaaaaaaaaaaaa",
    "sra.a.1.short",
  ])("rejects %j", (token) => {
    expect(parseAgentCredential(token)).toBeUndefined();
  });
});

describe("readBearerToken", () => {
  it("reads the token of an Authorization header", () => {
    const request = new Request("http://x", { headers: { authorization: "Bearer abc.def" } });
    expect(readBearerToken(request)).toBe("abc.def");
    expect(
      readBearerToken(new Request("http://x", { headers: { authorization: "Basic abc" } })),
    ).toBeUndefined();
    expect(readBearerToken(new Request("http://x"))).toBeUndefined();
  });
});
