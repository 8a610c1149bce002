import path from "node:path";
import { z } from "zod";

/**
 * The process configuration, read once from the environment and validated.
 *
 * Every variable is documented in the README's configuration table; a value that does not parse
 * stops the process with a message naming the variable, never a silent default.
 */
const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  DATA_DIR: z.string().trim().min(1).default(".data"),
  KUBECONFIG: z.string().trim().optional(),
  INSTALLATION_NAME: z
    .string()
    .trim()
    .regex(
      /^[a-z0-9]([-a-z0-9.]{0,61}[a-z0-9])?$/,
      "must be a valid Kubernetes label value (lowercase letters, digits, '-', '.')",
    )
    .default("session-reconciler"),
  SESSION_LABEL_KEY: z
    .string()
    .trim()
    .regex(/^([a-z0-9.-]+\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/, "must be a valid label key")
    .default("session"),
});

export type AppEnv = z.infer<typeof envSchema> & { dataDir: string };

/** Thrown when an environment variable is malformed; the message names each bad variable. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Parses `source` (default `process.env`) into the app's configuration, or throws a ConfigError. */
export function parseEnv(source: Record<string, string | undefined> = process.env): AppEnv {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return { ...result.data, dataDir: path.resolve(result.data.DATA_DIR) };
}

let cached: AppEnv | undefined;

/** The validated configuration of this process (parsed on first use). */
export function getEnv(): AppEnv {
  cached ??= parseEnv();
  return cached;
}
