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

  it("treats an empty DATABASE_URL as unset", () => {
    expect(parseEnv({ DATABASE_URL: "" }).DATABASE_URL).toBeUndefined();
  });

  it.each([
    [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL"],
    [{ INSTALLATION_NAME: "Not A Label!" }, "INSTALLATION_NAME"],
    [{ SESSION_LABEL_KEY: "bad key" }, "SESSION_LABEL_KEY"],
  ])("rejects %j naming the variable", (source, name) => {
    expect(() => parseEnv(source)).toThrow(ConfigError);
    expect(() => parseEnv(source)).toThrow(name);
  });
});
