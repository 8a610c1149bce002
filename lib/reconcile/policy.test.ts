import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "@/lib/config/env";
import { deriveClassModes } from "./policy";

describe("deriveClassModes", () => {
  it("gives every class not named the automatic mode", () => {
    const modes = deriveClassModes(
      parseEnv({ RECONCILE_MODES: "agent-lost=manual, orphaned-resources=off" }).RECONCILE_MODES,
    );
    expect(modes["agent-lost"]).toBe("manual");
    expect(modes["orphaned-resources"]).toBe("off");
    expect(modes["stuck-terminating"]).toBe("automatic");
  });

  it("refuses a class the reconciler does not act on, naming the variable", () => {
    const env = parseEnv({ RECONCILE_MODES: "agent-lots=manual" });
    expect(() => deriveClassModes(env.RECONCILE_MODES)).toThrow(ConfigError);
    expect(() => deriveClassModes(env.RECONCILE_MODES)).toThrow(
      /RECONCILE_MODES: "agent-lots" is not a class/,
    );
  });

  it("leaves the form to the environment parser", () => {
    expect(() => parseEnv({ RECONCILE_MODES: "agent-lost=sometimes" })).toThrow(/RECONCILE_MODES/);
  });
});
