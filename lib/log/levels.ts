/**
 * The log levels and `LOG_LEVEL`'s reading, apart from the logger so that lib/config/env.ts can
 * validate the variable without pulling the process's output streams into every bundle that reads
 * the environment (the edge build of instrumentation.ts warned about process.stdout otherwise).
 */
export const logLevels = ["debug", "info", "warn", "error"] as const;
export type LogLevel = (typeof logLevels)[number];

/** `LOG_LEVEL` as a level, or undefined when it names none (lib/config/env.ts refuses it at start). */
export function parseLogLevel(value: string | undefined): LogLevel | undefined {
  const normalized = (value ?? "").trim().toLowerCase() || "info";
  return (logLevels as readonly string[]).includes(normalized) ? (normalized as LogLevel) : undefined;
}
