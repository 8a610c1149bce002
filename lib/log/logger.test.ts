import { describe, expect, it } from "vitest";
import { createLogger, parseLogLevel, type LogLevel } from "./logger";

const NOW = new Date("2026-12-03T17:00:00.000Z");

function capture(level: LogLevel, context?: Record<string, unknown>) {
  const lines: { line: string; level: LogLevel }[] = [];
  const logger = createLogger({
    level,
    context,
    clock: () => NOW,
    sink: (line, lineLevel) => lines.push({ line, level: lineLevel }),
  });
  const parsed = () => lines.map((l) => JSON.parse(l.line) as Record<string, unknown>);
  return { logger, lines, parsed };
}

describe("createLogger", () => {
  it("writes one JSON object per line: time, level, msg, then the fields", () => {
    const { logger, lines } = capture("info");
    logger.info("agent disconnected", { agentId: "agent-a" });
    expect(lines).toEqual([
      {
        line: '{"time":"2026-12-03T17:00:00.000Z","level":"info","msg":"agent disconnected","agentId":"agent-a"}',
        level: "info",
      },
    ]);
    expect(lines[0]!.line).not.toContain("\n");
  });

  it("drops lines below its level and keeps those at or above it", () => {
    const cases: [LogLevel, string[]][] = [
      ["debug", ["debug", "info", "warn", "error"]],
      ["info", ["info", "warn", "error"]],
      ["warn", ["warn", "error"]],
      ["error", ["error"]],
    ];
    for (const [level, kept] of cases) {
      const { logger, parsed } = capture(level);
      logger.debug("d");
      logger.info("i");
      logger.warn("w");
      logger.error("e");
      expect(parsed().map((l) => l.level)).toEqual(kept);
    }
  });

  it("takes the level as data too", () => {
    const { logger, lines } = capture("info");
    logger.log("warn", "reported command");
    expect(lines.map((l) => l.level)).toEqual(["warn"]);
  });

  it("adds its context, and a child's, to every line", () => {
    const { logger, parsed } = capture("info", { component: "reconciler" });
    logger.child({ runId: 7 }).warn("needs a human", { sessionId: "s1" });
    expect(parsed()).toEqual([
      {
        time: NOW.toISOString(),
        level: "warn",
        msg: "needs a human",
        component: "reconciler",
        runId: 7,
        sessionId: "s1",
      },
    ]);
  });

  it("keeps plain values as JSON has them, and never lets a field overwrite time, level or msg", () => {
    const { logger, parsed } = capture("info");
    logger.info("x", { count: 3, nested: { a: [1, 2] }, missing: undefined, level: "debug", msg: "y" });
    expect(parsed()[0]).toEqual({
      time: NOW.toISOString(),
      level: "info",
      msg: "x",
      count: 3,
      nested: { a: [1, 2] },
    });
  });

  it("serializes an error as its name and message, with the stack's frames only at debug", () => {
    const error = new TypeError("x is not a function");
    const atInfo = capture("info");
    atInfo.logger.error("route failed", { error });
    expect(atInfo.parsed()[0]!.error).toEqual({ name: "TypeError", message: "x is not a function" });
    const atDebug = capture("debug");
    atDebug.logger.error("route failed", { error });
    const logged = atDebug.parsed()[0]!.error as { stack: string[] };
    expect(logged.stack.length).toBeGreaterThan(0);
    expect(logged.stack.every((frame) => frame.startsWith("at "))).toBe(true);
  });

  it("never logs a failed query's parameters, not even in the stack at debug", () => {
    const failed = new Error('Failed query: insert into "user_accounts"\nparams: id,$scrypt$secret-hash', {
      cause: Object.assign(new Error("connection terminated"), { name: "DatabaseError" }),
    });
    failed.name = "DrizzleQueryError";
    const { logger, lines, parsed } = capture("debug");
    logger.error("server action failed", { error: failed });
    expect(lines[0]!.line).not.toContain("secret-hash");
    expect(parsed()[0]!.error).toMatchObject({
      name: "DrizzleQueryError",
      message: "a database query failed (DatabaseError: connection terminated)",
    });
  });
  it("never throws on fields JSON cannot hold, and still writes the line", () => {
    const { logger, parsed } = capture("info");
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => logger.error("unhandled error in route", { error: cycle, big: 1n })).not.toThrow();
    expect(parsed()).toEqual([
      {
        time: NOW.toISOString(),
        level: "error",
        msg: "unhandled error in route",
        unserializableFields: expect.any(String),
      },
    ]);
  });
});

describe("parseLogLevel", () => {
  it("reads the four levels, defaults to info, and refuses anything else", () => {
    expect(parseLogLevel(undefined)).toBe("info");
    expect(parseLogLevel("")).toBe("info");
    expect(parseLogLevel(" DEBUG ")).toBe("debug");
    expect(parseLogLevel("warn")).toBe("warn");
    expect(parseLogLevel("verbose")).toBeUndefined();
  });
});
