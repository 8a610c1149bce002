import path from "node:path";
import { z } from "zod";
import { classModes, type ClassMode } from "@/lib/config/class-modes";
import {
  clusterIdSchema,
  clustersListSchema,
  deriveClusters,
  type ClusterConfig,
} from "@/lib/config/clusters";
import { isAddressOrRange } from "@/lib/http/client-address";
import { parseKubeConfigContent } from "@/lib/k8s/kubeconfig";
import { logLevels, parseLogLevel } from "@/lib/log/levels";

/**
 * The process configuration, read once from the environment and validated.
 *
 * Every variable is documented in the README's configuration table; a value that does not parse
 * stops the process with a message naming the variable, never a silent default.
 */
/** A secret from the environment: unset or empty means "not configured"; short ones are refused. */
const optionalSecret = z
  .string()
  .optional()
  .transform((v) => (v?.trim() ? v.trim() : undefined))
  .refine((v) => v === undefined || v.length >= 16, "must be at least 16 characters");

/** `a, b,,c` → `["a", "b", "c"]`: the entries of a comma-separated variable, trimmed, empty ones dropped. */
const commaList = (value: string | undefined) =>
  (value ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);

const seconds = (fallback: number) => z.coerce.number().int().min(0).max(86_400).default(fallback);

const envSchema = z
  .object({
    DATABASE_URL: z
      .string()
      .trim()
      .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
      .optional()
      .or(z.literal("").transform(() => undefined)),
    DATA_DIR: z.string().trim().min(1).default(".data"),
    KUBECONFIG: z.string().trim().optional(),
    /**
     * The kubeconfig itself, as YAML or base64 of it, for hosts with no file to point at (Vercel);
     * checked here, at start, by the parser the cluster client uses.
     */
    KUBECONFIG_CONTENT: z
      .string()
      .optional()
      .transform((v) => (v?.trim() ? v.trim() : undefined))
      .superRefine((content, ctx) => {
        if (content === undefined) return;
        try {
          parseKubeConfigContent(content);
        } catch (error) {
          ctx.addIssue({ code: "custom", message: error instanceof Error ? error.message : String(error) });
        }
      }),
    /**
     * The id of the one cluster an installation without `CLUSTERS` watches: the name its agents
     * register with (`--cluster`, the reference agent's default is `local`).
     */
    CLUSTER_ID: clusterIdSchema.default("local"),
    /**
     * Many clusters (lib/config/clusters.ts): a JSON list of `{id, kubeconfig | kubeconfigContent |
     * inCluster}`. Set, it replaces CLUSTER_ID, KUBECONFIG and KUBECONFIG_CONTENT.
     */
    CLUSTERS: z
      .string()
      .optional()
      .transform((v) => (v?.trim() ? v.trim() : undefined))
      .pipe(clustersListSchema.optional()),
    /** Set to 1 by Vercel in every deployment: a serverless host (see SERVERLESS). */
    VERCEL: z.string().optional(),
    /**
     * `true`: no long-lived process (the in-process reconcile loop and the watches are off, the
     * cron route does the work). Unset: true on Vercel, false elsewhere.
     */
    SERVERLESS: z.enum(["true", "false", ""]).optional(),
    LOG_LEVEL: z
      .string()
      .optional()
      .transform((v) => parseLogLevel(v))
      .refine((level) => level !== undefined, `must be one of ${logLevels.join(", ")}`),
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
    /** Bearer token of the platform API (sessions). Unset: that API refuses every call. */
    PLATFORM_API_TOKEN: optionalSecret,
    /** Token agents present to register. Unset: registration is refused. */
    AGENT_BOOTSTRAP_TOKEN: optionalSecret,
    AGENT_AUTO_APPROVE: z
      .enum(["true", "false", "1", "0", ""])
      .default("false")
      .transform((v) => v === "true" || v === "1"),
    AGENT_HEARTBEAT_TIMEOUT_SECONDS: seconds(30),
    HEARTBEAT_MAX_WAIT_SECONDS: seconds(20),
    /** How often the server records agents whose heartbeat stopped; 0 turns the loop off. */
    AGENT_LIVENESS_INTERVAL_SECONDS: seconds(5),
    COMMAND_DISPATCH_TIMEOUT_SECONDS: seconds(60),
    COMMAND_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(3),
    /**
     * Observe only these namespaces (comma separated), for installations granted a Role per
     * namespace; unset: every namespace (needs a ClusterRole).
     */
    WATCH_NAMESPACES: z
      .string()
      .optional()
      .transform((v) => (v?.trim() ? commaList(v) : undefined))
      .refine(
        (list) => list === undefined || list.every((n) => /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(n)),
        "must be namespace names separated by commas",
      ),
    /** `watch`: informers keep a live cache in the server process; `list`: one list per kind per read. */
    CLUSTER_OBSERVER: z.enum(["watch", "list"]).default("watch"),
    /** A watch that shows no sign of life (answer, event, bookmark) for this long is unknown and restarted. */
    WATCH_STALE_SECONDS: z.coerce.number().int().min(2).max(3600).default(120),
    STUCK_TERMINATING_SECONDS: seconds(300),
    AGENT_DISCONNECT_GRACE_SECONDS: seconds(30),
    ORPHAN_GRACE_SECONDS: seconds(300),
    MISSING_RESOURCES_GRACE_SECONDS: seconds(120),
    PENDING_TIMEOUT_SECONDS: seconds(600),
    POD_TERMINATING_MARGIN_SECONDS: seconds(60),
    UNHEALTHY_NOT_READY_SECONDS: seconds(300),
    /** An ended session its agent still reports (inventory) is drift once ended longer than this. */
    ENDED_BUT_RUNNING_GRACE_SECONDS: seconds(60),
    /** Ended sessions stay in the dashboard this long (longer while their objects remain). */
    DASHBOARD_ENDED_RETENTION_SECONDS: seconds(86_400),
    /** Seconds between passes of the in-process reconcile loop; 0 turns it off (serverless hosts). */
    RECONCILE_INTERVAL_SECONDS: seconds(60),
    /** Bearer secret of GET /api/cron/reconcile; unset: the endpoint refuses every call. */
    CRON_SECRET: optionalSecret,
    /**
     * Upper bound on how long a terminating session's disconnected agent is waited for before the
     * session is forced; the wait is AGENT_DISCONNECT_GRACE_SECONDS (the agent-lost rule) unless this is lower.
     */
    AGENT_GONE_FORCE_SECONDS: seconds(600),
    RETRY_STOP_BACKOFF_SECONDS: seconds(60),
    /** A stuck session whose connected agent failed this many stops (or kept one open too long) is forced. */
    STOP_ESCALATE_ATTEMPTS: z.coerce.number().int().min(1).max(1000).default(5),
    STOP_ESCALATE_SECONDS: seconds(1800),
    /** Blast radius: a run that would delete more objects than this stops and asks a human. */
    RECONCILE_MAX_DELETIONS: z.coerce.number().int().min(0).max(1_000_000).default(100),
    /** Blast radius: a run that would end more than this share of the active sessions stops (min. 20 sessions). */
    RECONCILE_MAX_SESSION_PERCENT: z.coerce.number().min(0).max(100).default(25),
    RECONCILE_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
    /** Retention, in days, pruned once a day: reconcile runs, skipped runs, the audit log. */
    RETENTION_RUNS_DAYS: z.coerce.number().int().min(1).max(36_500).default(30),
    RETENTION_SKIPPED_RUNS_DAYS: z.coerce.number().int().min(1).max(36_500).default(2),
    RETENTION_AUDIT_DAYS: z.coerce.number().int().min(1).max(36_500).default(365),
    /** Rolling budget: objects deleted plus sessions ended by automation in any hour; past it, a human confirms. */
    RECONCILE_MAX_DESTRUCTIVE_PER_HOUR: z.coerce.number().int().min(0).max(10_000_000).default(500),
    /** The single-flight lease's lifetime; the holder renews it every third of this while it runs. */
    RECONCILE_LEASE_SECONDS: z.coerce.number().int().min(2).max(3600).default(60),
    /** A pass takes no new action after this long (below the cron route's maxDuration of 300 s). */
    RECONCILE_PASS_DEADLINE_SECONDS: z.coerce.number().int().min(1).max(280).default(240),
    /** Agents whose silences begin within this window of each other fell silent together. */
    SILENCE_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(120),
    /** Seconds between two rounds of the webhook delivery worker; 0 turns it off (serverless hosts). */
    WEBHOOK_DELIVERY_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(3600).default(5),
    /** One webhook POST waits this long for an answer before it counts as a failed attempt. */
    WEBHOOK_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(30).default(5),
    /** Attempts per delivery (the first one included) before it is `failed` for good. */
    WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(6),
    /** The wait after the first failed attempt; it doubles per attempt (capped at one hour). */
    WEBHOOK_BACKOFF_SECONDS: z.coerce.number().int().min(1).max(3600).default(10),
    /**
     * Quarantine mode: how long an object stays scaled to 0 and marked before it is deleted, and
     * how long a restore holds the reconciler off it (1 s to 30 days).
     */
    QUARANTINE_SECONDS: z.coerce.number().int().min(1).max(2_592_000).default(3600),
    /**
     * Per drift class: `class=<mode>` (lib/config/class-modes.ts: automatic|quarantine|manual|off), comma separated; classes not named are
     * automatic. Only the form is checked here; which classes exist, where the policy is derived
     * (lib/reconcile/policy.ts `deriveClassModes`, also run at start).
     */
    RECONCILE_MODES: z
      .string()
      .default("")
      .transform((value, ctx) => {
        const modes: Record<string, ClassMode> = {};
        const known: readonly string[] = classModes;
        for (const part of commaList(value)) {
          const [name = "", mode = "", ...rest] = part.split("=");
          if (!/^[a-z-]+$/.test(name) || !known.includes(mode) || rest.length > 0) {
            ctx.addIssue({ code: "custom", message: `"${part}" is not <class>=${classModes.join("|")}` });
            return z.NEVER;
          }
          modes[name] = mode as ClassMode;
        }
        return modes;
      }),
    SESSIONS_NAMESPACE: z
      .string()
      .trim()
      .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, "must be a valid namespace name")
      .default("sessions"),
    /** Signs sign-in cookies and OIDC state. Unset: nobody can sign in (fail closed). */
    AUTH_SECRET: optionalSecret.refine(
      (v) => v === undefined || v.length >= 32,
      "must be at least 32 characters",
    ),
    /** The public URL of the dashboard (OIDC redirects, allowed origins); unset: taken from each request. */
    AUTH_URL: z
      .string()
      .trim()
      .url("must be a URL like https://reconciler.example.com")
      .optional()
      .or(z.literal("").transform(() => undefined)),
    /** How long a sign-in lasts without use, in hours. */
    AUTH_SESSION_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 30)
      .default(12),
    /** Created as an admin on start when no user has this email (the bootstrap admin). */
    AUTH_BOOTSTRAP_ADMIN_EMAIL: z
      .string()
      .trim()
      .email("must be an email address")
      .optional()
      .or(z.literal("").transform(() => undefined)),
    AUTH_BOOTSTRAP_ADMIN_PASSWORD: optionalSecret.refine(
      (v) => v === undefined || v.length >= 12,
      "must be at least 12 characters",
    ),
    /** OpenID Connect single sign-on: the issuer URL; with the client id and secret, turns SSO on. */
    AUTH_OIDC_ISSUER: z
      .string()
      .trim()
      .url("must be the issuer URL, e.g. https://accounts.example.com")
      .optional()
      .or(z.literal("").transform(() => undefined)),
    AUTH_OIDC_CLIENT_ID: z.string().trim().optional(),
    AUTH_OIDC_CLIENT_SECRET: z.string().trim().optional(),
    /** The sign-in button's label for the OIDC provider. */
    AUTH_OIDC_NAME: z.string().trim().min(1).max(60).default("single sign-on"),
    /** The role of a person signing in by SSO for the first time; `none` waits for an admin. */
    AUTH_OIDC_DEFAULT_ROLE: z.enum(["none", "viewer"]).default("none"),
    /**
     * Per client address and minute: sign-in attempts, and failed bearer-token attempts on the
     * machine endpoints; beyond it, 429 until the minute has passed.
     */
    AUTH_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(10),
    /**
     * Proxies whose `X-Forwarded-For` is believed (addresses or CIDR ranges, comma separated):
     * the client address is the first hop, from the right, that is not one of them. Unset: the
     * socket's peer, whatever a client writes in the header (nothing in front of the app).
     */
    TRUSTED_PROXIES: z
      .string()
      .optional()
      .transform(commaList)
      .refine(
        (entries) => entries.every(isAddressOrRange),
        "must be IP addresses or CIDR ranges separated by commas (e.g. 10.0.0.0/8,fd00::/8)",
      ),
    /** Bearer token Prometheus presents to GET /api/metrics; unset: only signed-in users can read it. */
    METRICS_TOKEN: optionalSecret,
    /** Set by Kubernetes in every pod: we run in a cluster. */
    KUBERNETES_SERVICE_HOST: z.string().optional(),
    /** `true`: run on the embedded database in a cluster anyway (one replica only, its data lost with the pod). */
    ALLOW_EMBEDDED_DATABASE_IN_CLUSTER: z
      .enum(["true", "false"])
      .default("false")
      .transform((v) => v === "true"),
  })
  .superRefine((env, ctx) => {
    const oidc = [env.AUTH_OIDC_ISSUER, env.AUTH_OIDC_CLIENT_ID, env.AUTH_OIDC_CLIENT_SECRET];
    if (oidc.some(Boolean) && !oidc.every(Boolean)) {
      ctx.addIssue({
        code: "custom",
        path: ["AUTH_OIDC_ISSUER"],
        message:
          "AUTH_OIDC_ISSUER, AUTH_OIDC_CLIENT_ID and AUTH_OIDC_CLIENT_SECRET are set together or not at all",
      });
    }
    if (!env.DATABASE_URL && env.KUBERNETES_SERVICE_HOST && !env.ALLOW_EMBEDDED_DATABASE_IN_CLUSTER) {
      // An embedded database in a pod starts empty with every pod (and apart on every replica):
      // an empty database sees every live object as nobody's.
      ctx.addIssue({
        code: "custom",
        path: ["DATABASE_URL"],
        message:
          "is required in a cluster: the embedded database lives and dies with one pod (set ALLOW_EMBEDDED_DATABASE_IN_CLUSTER=true for a single replica you may lose)",
      });
    }
    if (env.KUBECONFIG && env.KUBECONFIG_CONTENT) {
      ctx.addIssue({
        code: "custom",
        path: ["KUBECONFIG_CONTENT"],
        message: "KUBECONFIG and KUBECONFIG_CONTENT name two clusters' configurations: set one of them",
      });
    }
    if (env.CLUSTERS && (env.KUBECONFIG_CONTENT || env.KUBECONFIG)) {
      ctx.addIssue({
        code: "custom",
        path: ["CLUSTERS"],
        message:
          "names every cluster's kubeconfig itself: unset KUBECONFIG and KUBECONFIG_CONTENT (or drop CLUSTERS for one cluster)",
      });
    }
    for (const cluster of env.CLUSTERS ?? []) {
      if (cluster?.source?.kind !== "content") continue;
      try {
        parseKubeConfigContent(cluster.source.content);
      } catch (error) {
        ctx.addIssue({
          code: "custom",
          path: ["CLUSTERS"],
          message: `cluster "${cluster.id}": kubeconfigContent ${error instanceof Error ? error.message : String(error)}`,
        });
      }
    }
    if (Boolean(env.AUTH_BOOTSTRAP_ADMIN_EMAIL) !== Boolean(env.AUTH_BOOTSTRAP_ADMIN_PASSWORD)) {
      ctx.addIssue({
        code: "custom",
        path: ["AUTH_BOOTSTRAP_ADMIN_EMAIL"],
        message:
          "AUTH_BOOTSTRAP_ADMIN_EMAIL and AUTH_BOOTSTRAP_ADMIN_PASSWORD are set together or not at all",
      });
    }
  });

export type AppEnv = Omit<z.infer<typeof envSchema>, "LOG_LEVEL"> & {
  dataDir: string;
  LOG_LEVEL: (typeof logLevels)[number];
  /** No long-lived process: see {@link deriveServerless}. */
  serverless: boolean;
  /** The clusters watched and acted on, in the order configured (see {@link deriveClusters}). */
  clusters: ClusterConfig[];
};

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
  const data = result.data;
  const serverless = deriveServerless(data);
  return {
    ...data,
    LOG_LEVEL: data.LOG_LEVEL ?? "info",
    dataDir: path.resolve(data.DATA_DIR),
    serverless,
    clusters: deriveClusters(data),
    // A function's process is frozen between requests and dies at will: a timer or a watch in it
    // would run at random, so on such a host neither starts, whatever these two say.
    ...(serverless
      ? {
          RECONCILE_INTERVAL_SECONDS: 0,
          WEBHOOK_DELIVERY_INTERVAL_SECONDS: 0,
          CLUSTER_OBSERVER: "list" as const,
        }
      : {}),
  };
}

/** `SERVERLESS` when set; otherwise whether Vercel runs us (it sets `VERCEL=1`). */
export function deriveServerless(env: { SERVERLESS?: string; VERCEL?: string }): boolean {
  if (env.SERVERLESS === "true" || env.SERVERLESS === "false") return env.SERVERLESS === "true";
  return Boolean(env.VERCEL?.trim());
}

let cached: AppEnv | undefined;

/** The validated configuration of this process (parsed on first use). */
export function getEnv(): AppEnv {
  cached ??= parseEnv();
  return cached;
}
