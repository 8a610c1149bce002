/**
 * The one structured logger of the server and the agent: one JSON object per line with `time`
 * (ISO 8601), `level`, `msg` and the context's fields. Plain TypeScript on purpose — no Next, no
 * `server-only`, no environment module — so the agent (bundled by esbuild into agent.mjs) logs
 * exactly like the server.
 */
import { redactErrorMessage } from "@/lib/errors";
import { logLevels, parseLogLevel, type LogLevel } from "./levels";

export { logLevels, parseLogLevel, type LogLevel };
export type LogFields = Record<string, unknown>;

/** Where a finished line goes; warnings and errors are told apart so a host can route them. */
export type LogSink = (line: string, level: LogLevel) => void;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** The level as data, for callers that choose it (`log(ok ? "info" : "warn", …)`). */
  log(level: LogLevel, msg: string, fields?: LogFields): void;
  /** A logger whose every line also carries `context` (e.g. `{ component: "reconciler" }`). */
  child(context: LogFields): Logger;
}

export interface LoggerOptions {
  /** Lines below this level are dropped. */
  level: LogLevel;
  sink: LogSink;
  context?: LogFields;
  clock?: () => Date;
}

/** Builds a logger; {@link log} is the process's, this is for tests and the agent's context. */
export function createLogger(options: LoggerOptions): Logger {
  const threshold = logLevels.indexOf(options.level);
  const clock = options.clock ?? (() => new Date());
  const context = options.context ?? {};
  const write = (level: LogLevel, msg: string, fields: LogFields = {}) => {
    if (logLevels.indexOf(level) < threshold) return;
    const withStack = options.level === "debug";
    const head = { time: clock().toISOString(), level, msg };
    // The head again last: a field named `level` or `msg` never disguises a line.
    const line = { ...head, ...context, ...serializeFields(fields, withStack), ...head };
    options.sink(stringifyLine(line, head), level);
  };
  return {
    debug: (msg, fields) => write("debug", msg, fields),
    info: (msg, fields) => write("info", msg, fields),
    warn: (msg, fields) => write("warn", msg, fields),
    error: (msg, fields) => write("error", msg, fields),
    log: write,
    child: (more) => createLogger({ ...options, context: { ...context, ...more } }),
  };
}

/** A log call never throws: fields JSON cannot hold (a cycle, a BigInt) are said to be so. */
function stringifyLine(line: LogFields, head: LogFields): string {
  try {
    return JSON.stringify(line);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return JSON.stringify({ ...head, unserializableFields: reason });
  }
}

/** Errors as `{ name, message }` (plus the stack's frames at debug); other values as they are. */
function serializeFields(fields: LogFields, withStack: boolean): LogFields {
  const out: LogFields = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] = value instanceof Error ? serializeError(value, withStack) : value;
  }
  return out;
}

function serializeError(error: Error, withStack: boolean) {
  // Only the frames: the stack's first lines repeat the message, which redaction may have cut.
  const frames = (error.stack ?? "").split("\n").filter((line) => /^\s+at /.test(line));
  return {
    name: error.name,
    message: redactErrorMessage(error),
    ...(withStack && frames.length > 0 ? { stack: frames.map((f) => f.trim()) } : {}),
  };
}

/** Lines to stdout, warnings and errors to stderr (as console.log/console.error did). */
const processSink: LogSink = (line, level) => {
  const stream = level === "warn" || level === "error" ? process.stderr : process.stdout;
  stream.write(`${line}\n`);
};

let processLogger: Logger | undefined;

/**
 * The process's logger, at `LOG_LEVEL` (default info). Read from `process.env` here, not through
 * lib/config/env.ts, so that the agent needs none of the server's configuration; an unknown level
 * logs at info and the server's start-up check (parseEnv) names the variable.
 */
export function getLogger(): Logger {
  processLogger ??= createLogger({
    level: parseLogLevel(process.env.LOG_LEVEL) ?? "info",
    sink: processSink,
  });
  return processLogger;
}

/** Shorthand for the process's logger. */
export const log: Logger = {
  debug: (msg, fields) => getLogger().debug(msg, fields),
  info: (msg, fields) => getLogger().info(msg, fields),
  warn: (msg, fields) => getLogger().warn(msg, fields),
  error: (msg, fields) => getLogger().error(msg, fields),
  log: (level, msg, fields) => getLogger().log(level, msg, fields),
  child: (context) => getLogger().child(context),
};
