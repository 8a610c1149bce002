import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "./env";

describe("parseEnv", () => {
  it("applies the documented defaults", () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.INSTALLATION_NAME).toBe("session-reconciler");
    expect(env.SESSION_LABEL_KEY).toBe("session");
    expect(env.dataDir).toMatch(/\.data$/);
  });

  it("refuses the embedded database in a cluster unless allowed for a single replica", () => {
    const inCluster = { KUBERNETES_SERVICE_HOST: "10.96.0.1" };
    expect(() => parseEnv(inCluster)).toThrow(/DATABASE_URL: is required in a cluster/);
    expect(parseEnv({ ...inCluster, DATABASE_URL: "postgres://u@db/x" }).DATABASE_URL).toBe(
      "postgres://u@db/x",
    );
    expect(
      parseEnv({ ...inCluster, ALLOW_EMBEDDED_DATABASE_IN_CLUSTER: "true" }).DATABASE_URL,
    ).toBeUndefined();
  });

  it("reads the trusted proxies as a list, none by default", () => {
    expect(parseEnv({}).TRUSTED_PROXIES).toEqual([]);
    expect(parseEnv({ TRUSTED_PROXIES: " 10.0.0.0/8, ::1 ," }).TRUSTED_PROXIES).toEqual([
      "10.0.0.0/8",
      "::1",
    ]);
  });

  it("treats an empty DATABASE_URL as unset", () => {
    expect(parseEnv({ DATABASE_URL: "" }).DATABASE_URL).toBeUndefined();
  });

  it.each([
    [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL"],
    [{ INSTALLATION_NAME: "Not A Label!" }, "INSTALLATION_NAME"],
    [{ SESSION_LABEL_KEY: "bad key" }, "SESSION_LABEL_KEY"],
    [{ TRUSTED_PROXIES: "10.0.0.0/8, the-ingress" }, "TRUSTED_PROXIES"],
  ])("rejects %j naming the variable", (source, name) => {
    expect(() => parseEnv(source)).toThrow(ConfigError);
    expect(() => parseEnv(source)).toThrow(name);
  });
});

describe("parseEnv: platform settings", () => {
  it("reads secrets, flags and durations", () => {
    const env = parseEnv({
      PLATFORM_API_TOKEN: "p".repeat(20),
      AGENT_AUTO_APPROVE: "true",
      AGENT_HEARTBEAT_TIMEOUT_SECONDS: "12",
    });
    expect(env.PLATFORM_API_TOKEN).toBe("p".repeat(20));
    expect(env.AGENT_BOOTSTRAP_TOKEN).toBeUndefined();
    expect(env.AGENT_AUTO_APPROVE).toBe(true);
    expect(env.AGENT_HEARTBEAT_TIMEOUT_SECONDS).toBe(12);
    expect(env.COMMAND_DISPATCH_TIMEOUT_SECONDS).toBe(60);
  });

  it.each([
    [{ PLATFORM_API_TOKEN: "short" }, "PLATFORM_API_TOKEN"],
    [{ AGENT_AUTO_APPROVE: "yes please" }, "AGENT_AUTO_APPROVE"],
    [{ AGENT_HEARTBEAT_TIMEOUT_SECONDS: "-1" }, "AGENT_HEARTBEAT_TIMEOUT_SECONDS"],
    [{ SESSIONS_NAMESPACE: "Bad_NS" }, "SESSIONS_NAMESPACE"],
  ])("rejects %j", (source, name) => {
    expect(() => parseEnv(source)).toThrow(name);
  });
});
