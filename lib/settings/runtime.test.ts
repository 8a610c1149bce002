import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/config/env";
import { editableSettings, settingValueSchema } from "./editable";
import {
  deriveEffectiveEnv,
  deriveOverridesAfter,
  deriveOverridesChange,
  deriveStoredOverrides,
  emptyOverrides,
  pauseReasonSchema,
  settingsPatchSchema,
} from "./runtime";

const env = parseEnv({ STUCK_TERMINATING_SECONDS: "300", RECONCILE_MODES: "orphaned-resources=manual" });

describe("editableSettings", () => {
  it("names only numeric environment variables, each once, with their environment bounds", () => {
    const keys = editableSettings.map((s) => s.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const s of editableSettings) {
      expect(typeof env[s.key]).toBe("number");
      // The environment accepts both ends, so a stored value is one the environment could have set.
      expect(() => parseEnv({ [s.key]: String(s.min) })).not.toThrow();
      expect(() => parseEnv({ [s.key]: String(s.max) })).not.toThrow();
      expect(() => parseEnv({ [s.key]: String(s.max + 1) })).toThrow(s.key);
    }
  });

  it.each([
    ["STUCK_TERMINATING_SECONDS", 0, true],
    ["STUCK_TERMINATING_SECONDS", 86_400, true],
    ["STUCK_TERMINATING_SECONDS", 86_401, false],
    ["STUCK_TERMINATING_SECONDS", -1, false],
    ["STUCK_TERMINATING_SECONDS", 1.5, false],
    ["STOP_ESCALATE_ATTEMPTS", 0, false],
    ["STOP_ESCALATE_ATTEMPTS", 1, true],
    ["RECONCILE_MAX_SESSION_PERCENT", 12.5, true],
    ["RECONCILE_MAX_SESSION_PERCENT", 101, false],
    ["ORPHAN_GRACE_SECONDS", Number.NaN, false],
    ["ORPHAN_GRACE_SECONDS", Number.POSITIVE_INFINITY, false],
  ])("%s = %s is valid: %s", (key, value, valid) => {
    const setting = editableSettings.find((s) => s.key === key)!;
    expect(settingValueSchema(setting).safeParse(value).success).toBe(valid);
  });
});

describe("deriveEffectiveEnv", () => {
  it("is the environment when nothing is stored", () => {
    expect(deriveEffectiveEnv(env, emptyOverrides)).toEqual(env);
  });

  it("applies stored values and modes over the environment's, leaving the rest", () => {
    const effective = deriveEffectiveEnv(env, {
      values: { STUCK_TERMINATING_SECONDS: 60, STOP_ESCALATE_ATTEMPTS: 2 },
      modes: { "stuck-terminating": "manual" },
    });
    expect(effective.STUCK_TERMINATING_SECONDS).toBe(60);
    expect(effective.STOP_ESCALATE_ATTEMPTS).toBe(2);
    expect(effective.ORPHAN_GRACE_SECONDS).toBe(env.ORPHAN_GRACE_SECONDS);
    expect(effective.RECONCILE_MODES).toEqual({
      "orphaned-resources": "manual",
      "stuck-terminating": "manual",
    });
    // The environment itself is not changed.
    expect(env.STUCK_TERMINATING_SECONDS).toBe(300);
  });
});

describe("deriveStoredOverrides", () => {
  it("keeps valid entries and drops the rest, naming them", () => {
    const { overrides, dropped } = deriveStoredOverrides({
      values: { STUCK_TERMINATING_SECONDS: 60, ORPHAN_GRACE_SECONDS: 999_999, CRON_SECRET: 5, X: "1" },
      modes: {
        "agent-lost": "off",
        unhealthy: "manual",
        "orphaned-resources": "sometimes",
        // Stored by hand: a pass would refuse it (ConfigError), so it is dropped, never applied.
        "pending-too-long": "quarantine",
      },
    });
    expect(overrides).toEqual({ values: { STUCK_TERMINATING_SECONDS: 60 }, modes: { "agent-lost": "off" } });
    expect(dropped.sort()).toEqual(
      [
        "CRON_SECRET",
        "ORPHAN_GRACE_SECONDS",
        "X",
        "mode of orphaned-resources",
        "mode of unhealthy",
        "mode of pending-too-long",
      ].sort(),
    );
  });

  it.each([null, undefined, 5, "x", []])("reads %s as no overrides", (raw) => {
    expect(deriveStoredOverrides(raw).overrides).toEqual(emptyOverrides);
  });
});

describe("settingsPatchSchema", () => {
  it.each([
    [{ values: { STUCK_TERMINATING_SECONDS: 60 } }, true],
    [{ values: { STUCK_TERMINATING_SECONDS: null } }, true],
    [{ modes: { "agent-lost": "manual" } }, true],
    [{ modes: { "agent-lost": null } }, true],
    [{}, false],
    [{ values: {} }, false],
    [{ values: { STUCK_TERMINATING_SECONDS: "60" } }, false],
    [{ values: { STUCK_TERMINATING_SECONDS: 1e12 } }, false],
    [{ values: { CRON_SECRET: 1 } }, false],
    [{ values: { STUCK_TERMINATING_SECONDS: 60 }, extra: 1 }, false],
    [{ modes: { unhealthy: "automatic" } }, false],
    [{ modes: { "agent-lost": "<script>" } }, false],
    // Quarantine only for the classes whose fix deletes a Deployment; the new keys of the merge.
    [{ modes: { "orphaned-resources": "quarantine" } }, true],
    [{ modes: { "missing-resources": "quarantine" } }, false],
    [{ modes: { "ended-but-running": "quarantine" } }, false],
    [{ values: { QUARANTINE_SECONDS: 0 } }, false],
    [{ values: { QUARANTINE_SECONDS: 600, ENDED_BUT_RUNNING_GRACE_SECONDS: 30 } }, true],
  ])("%j parses: %s", (input, ok) => {
    expect(settingsPatchSchema.safeParse(input).success).toBe(ok);
  });
});

describe("deriveOverridesAfter and deriveOverridesChange", () => {
  it("sets, resets and reports before and after per key", () => {
    const before = { values: { STUCK_TERMINATING_SECONDS: 60, ORPHAN_GRACE_SECONDS: 10 }, modes: {} };
    const patch = settingsPatchSchema.parse({
      values: { STUCK_TERMINATING_SECONDS: null, PENDING_TIMEOUT_SECONDS: 30 },
      modes: { "agent-lost": "manual" },
    });
    const after = deriveOverridesAfter(before, patch);
    expect(after).toEqual({
      values: { ORPHAN_GRACE_SECONDS: 10, PENDING_TIMEOUT_SECONDS: 30 },
      modes: { "agent-lost": "manual" },
    });
    expect(deriveOverridesChange(before, after)).toEqual([
      { key: "PENDING_TIMEOUT_SECONDS", before: null, after: 30 },
      { key: "STUCK_TERMINATING_SECONDS", before: 60, after: null },
      { key: "mode:agent-lost", before: null, after: "manual" },
    ]);
  });
});

describe("pauseReasonSchema", () => {
  it.each([
    ["database failover in progress", true],
    ["  ok  ", false],
    ["", false],
    ["<b>outage</b>", false],
    ["line\nbreak", false],
    ["x".repeat(501), false],
  ])("%j is a reason: %s", (reason, ok) => {
    expect(pauseReasonSchema.safeParse(reason).success).toBe(ok);
  });
});
